// Command goext is an external Lambda extension in the style of AWS's
// samples, using only the documented APIs: it registers for INVOKE and
// SHUTDOWN, subscribes to the Telemetry API, and prints what it receives
// (which lands in the function's log, where the tests read it).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

var api = "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API")

func main() {
	id, err := register()
	if err != nil {
		fmt.Println("EXTENSION register failed:", err)
		os.Exit(1)
	}
	if err := subscribe(id); err != nil {
		fmt.Println("EXTENSION subscribe failed:", err)
		os.Exit(1)
	}
	for {
		ev, err := next(id)
		if err != nil {
			fmt.Println("EXTENSION next failed:", err)
			os.Exit(1)
		}
		fmt.Println("EXTENSION", ev.EventType, ev.RequestID+ev.ShutdownReason)
		if ev.EventType == "SHUTDOWN" {
			return
		}
	}
}

func register() (string, error) {
	req, _ := http.NewRequest("POST", api+"/2020-01-01/extension/register", strings.NewReader(`{"events":["INVOKE","SHUTDOWN"]}`))
	req.Header.Set("Lambda-Extension-Name", filepath.Base(os.Args[0]))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var info struct{ FunctionName string }
	json.NewDecoder(resp.Body).Decode(&info)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	fmt.Println("EXTENSION registered for", info.FunctionName)
	return resp.Header.Get("Lambda-Extension-Identifier"), nil
}

// subscribe listens for telemetry and subscribes to platform and function events.
func subscribe(id string) error {
	ln, err := net.Listen("tcp", "sandbox.localdomain:4243")
	if err != nil {
		return err
	}
	go http.Serve(ln, http.HandlerFunc(received))
	body := `{"schemaVersion":"2022-12-13","destination":{"protocol":"HTTP","URI":"http://sandbox.localdomain:4243"},` +
		`"types":["platform","function"],"buffering":{"maxItems":1000,"maxBytes":262144,"timeoutMs":25}}`
	req, _ := http.NewRequest("PUT", api+"/2022-07-01/telemetry", bytes.NewReader([]byte(body)))
	req.Header.Set("Lambda-Extension-Identifier", id)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func received(w http.ResponseWriter, r *http.Request) {
	var events []struct {
		Type   string          `json:"type"`
		Record json.RawMessage `json:"record"`
	}
	json.NewDecoder(r.Body).Decode(&events)
	for _, ev := range events {
		if ev.Type == "function" {
			if strings.Contains(string(ev.Record), "hello from the handler") {
				fmt.Println("TELEMETRY function-seen")
			}
			continue
		}
		var rec struct {
			RequestID string `json:"requestId"`
		}
		json.Unmarshal(ev.Record, &rec)
		fmt.Println("TELEMETRY", ev.Type, rec.RequestID)
	}
}

type event struct {
	EventType      string `json:"eventType"`
	RequestID      string `json:"requestId"`
	ShutdownReason string `json:"shutdownReason"`
}

func next(id string) (event, error) {
	req, _ := http.NewRequest("GET", api+"/2020-01-01/extension/event/next", nil)
	req.Header.Set("Lambda-Extension-Identifier", id)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return event{}, err
	}
	defer resp.Body.Close()
	var ev event
	err = json.NewDecoder(resp.Body).Decode(&ev)
	return ev, err
}
