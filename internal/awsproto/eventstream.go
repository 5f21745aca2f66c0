package awsproto

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// EventStreamContentType is the media type of an AWS event stream, the
// binary framing of operations that answer with a stream of events, such as
// Lambda's InvokeWithResponseStream.
const EventStreamContentType = "application/vnd.amazon.eventstream"

// An event stream message is framed as
//
//	total length (uint32) | headers length (uint32) | CRC32 of the 8 bytes before
//	headers | payload | CRC32 of everything before it
//
// all big-endian, CRC32 being IEEE's. A header is its name's length (one
// byte), the name, a value type (7 for a string), the value's length (uint16)
// and the value.
const (
	eventPreludeLen   = 12 // the two lengths and their CRC
	eventTrailerLen   = 4  // the message CRC
	eventStringHeader = 7
	// The limits AWS's decoders enforce: botocore refuses longer headers
	// and payloads, aws-sdk-go-v2 longer header values.
	maxEventHeaderName  = 255
	maxEventHeaderValue = 1<<15 - 1
	maxEventHeaders     = 128 << 10
	maxEventPayload     = 16 << 20
)

// EventHeader is one string header of an event stream message.
type EventHeader struct{ Name, Value string }

// Event is the headers of an event message: its type (the event stream
// member it carries) and the content type of its payload.
func Event(eventType, contentType string) []EventHeader {
	return []EventHeader{
		{":event-type", eventType},
		{":content-type", contentType},
		{":message-type", "event"},
	}
}

// AppendEventMessage appends one event stream message to dst.
func AppendEventMessage(dst []byte, headers []EventHeader, payload []byte) ([]byte, error) {
	headersLen := 0
	for _, h := range headers {
		if len(h.Name) == 0 || len(h.Name) > maxEventHeaderName || len(h.Value) > maxEventHeaderValue {
			return dst, fmt.Errorf("event stream header %.16q: name or value too long", h.Name)
		}
		headersLen += 1 + len(h.Name) + 1 + 2 + len(h.Value)
	}
	if headersLen > maxEventHeaders || len(payload) > maxEventPayload {
		return dst, fmt.Errorf("event stream message too large: %d bytes of headers, %d of payload", headersLen, len(payload))
	}
	start := len(dst)
	total := eventPreludeLen + headersLen + len(payload) + eventTrailerLen
	dst = binary.BigEndian.AppendUint32(dst, uint32(total))
	dst = binary.BigEndian.AppendUint32(dst, uint32(headersLen))
	dst = binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
	for _, h := range headers {
		dst = append(dst, byte(len(h.Name)))
		dst = append(dst, h.Name...)
		dst = append(dst, eventStringHeader)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(h.Value)))
		dst = append(dst, h.Value...)
	}
	dst = append(dst, payload...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:])), nil
}
