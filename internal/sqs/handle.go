package sqs

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// A receipt handle names one delivery of a message: for a standard queue
// the reply subject JetStream gave the delivery (acking it deletes the
// message), for a FIFO queue the message's group and sequence. Both begin
// with the queue's stream id, so a handle from another queue is refused.
type handle struct {
	queueID string
	// reply is a standard queue's delivery.
	reply string
	// group and seq are a FIFO queue's message.
	group string
	seq   uint64
}

func (h handle) String() string {
	s := h.queueID + " "
	if h.reply != "" {
		s += "s " + h.reply
	} else {
		s += "f " + h.group + " " + strconv.FormatUint(h.seq, 10)
	}
	return base64.StdEncoding.EncodeToString([]byte(s))
}

// parseHandle reads a receipt handle of the queue whose stream id is
// queueID.
func parseHandle(s, queueID string) (handle, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return handle{}, false
	}
	parts := strings.Split(string(b), " ")
	if len(parts) < 3 || parts[0] != queueID {
		return handle{}, false
	}
	h := handle{queueID: queueID}
	switch {
	case parts[1] == "s" && len(parts) == 3 && strings.HasPrefix(parts[2], "$JS.ACK."+streamName(queueID)+"."+consumerName+"."):
		h.reply = parts[2]
		return h, true
	case parts[1] == "f" && len(parts) == 4:
		h.group = parts[2]
		h.seq, err = strconv.ParseUint(parts[3], 10, 64)
		return h, err == nil && h.seq > 0
	}
	return handle{}, false
}
