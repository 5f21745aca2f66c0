package esm

import "encoding/json"

// itemFailures reads which messages a function that reports batch item
// failures failed. ok is false when the whole batch counts as failed: the
// response is not JSON, or an identifier is missing, empty or names no
// message of the batch. An empty response, null, an object without
// batchItemFailures, or an empty or null list mean every message
// succeeded.
func itemFailures(payload []byte, batch map[string]bool) (failed map[string]bool, ok bool) {
	if len(payload) == 0 {
		return nil, true
	}
	var resp struct {
		BatchItemFailures []map[string]*string `json:"batchItemFailures"`
	}
	if !json.Valid(payload) {
		return nil, false
	}
	if err := json.Unmarshal(payload, &resp); err != nil {
		var other any
		return nil, json.Unmarshal(payload, &other) == nil && !isObject(other)
	}
	failed = map[string]bool{}
	for _, item := range resp.BatchItemFailures {
		id := item["itemIdentifier"]
		if id == nil || *id == "" || !batch[*id] {
			return nil, false
		}
		failed[*id] = true
	}
	return failed, true
}

func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
