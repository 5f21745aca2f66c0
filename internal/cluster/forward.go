package cluster

import (
	"crypto/hmac"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
)

// Headers between members. A forwarded request carries the members' token
// (which only they know) and is never forwarded again; every invocation's
// response names the member that ran it.
const (
	tokenHeader = "X-Virga-Cluster-Token"
	NodeHeader  = "X-Virga-Node"
)

// Room says whether this server can start another environment of a
// function, or has one warm.
type Room interface {
	HasRoom(function string) bool
}

// Forwarder serves synchronous invocations that this server has no room
// for, or receives while draining, on another member, and everything else
// with the next handler.
type Forwarder struct {
	members *Membership
	room    Room
	token   string
	next    http.Handler
	log     *slog.Logger
}

// NewForwarder forwards with the members' shared token.
func NewForwarder(members *Membership, room Room, token string, next http.Handler) *Forwarder {
	return &Forwarder{members: members, room: room, token: token, next: next, log: members.cfg.Logger.With("component", "cluster")}
}

// invocationPath matches the synchronous and the streaming invoke.
var invocationPath = regexp.MustCompile(`^/(?:2015-03-31/functions/([^/]+)/invocations|2021-11-15/functions/([^/]+)/response-streaming-invocations)/?$`)

func (f *Forwarder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fn, ok := invokedFunction(r)
	if !ok {
		f.next.ServeHTTP(w, r)
		return
	}
	if f.fromMember(r) || !f.mustForward(fn) {
		w.Header().Set(NodeHeader, f.members.Node())
		f.next.ServeHTTP(w, r)
		return
	}
	peer, ok := pick(f.members.Members(), f.members.Node(), fn)
	if !ok {
		w.Header().Set(NodeHeader, f.members.Node())
		f.next.ServeHTTP(w, r)
		return
	}
	f.forward(w, r, peer)
}

// fromMember says whether another member forwarded r; a token that does
// not match is removed, so a client cannot pose as a member.
func (f *Forwarder) fromMember(r *http.Request) bool {
	got := r.Header.Get(tokenHeader)
	r.Header.Del(tokenHeader)
	return got != "" && hmac.Equal([]byte(got), []byte(f.token))
}

func (f *Forwarder) mustForward(fn string) bool {
	return f.members.Draining() || !f.room.HasRoom(fn)
}

// invokedFunction is the name of the function a synchronous invocation
// calls; asynchronous ones go to the shared queue of events instead.
func invokedFunction(r *http.Request) (string, bool) {
	if r.Method != http.MethodPost || strings.EqualFold(r.Header.Get("X-Amz-Invocation-Type"), "Event") {
		return "", false
	}
	m := invocationPath.FindStringSubmatch(r.URL.EscapedPath())
	if m == nil {
		return "", false
	}
	name, err := url.PathUnescape(m[1] + m[2])
	if err != nil {
		return "", false
	}
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
	}
	name, _, _ = strings.Cut(name, ":")
	return name, true
}

// pick chooses the member to run an invocation of fn: one that is not
// draining, with a warm environment of fn if any has one, the least busy.
func pick(members []Member, self, fn string) (Member, bool) {
	var best Member
	found, bestWarm := false, false
	for _, m := range members {
		if m.Node == self || m.Draining || m.URL == "" {
			continue
		}
		warm := slices.Contains(m.Warm, fn)
		if !found || warm && !bestWarm || warm == bestWarm && m.Inflight < best.Inflight {
			best, found, bestWarm = m, true, warm
		}
	}
	return best, found
}

// forward relays r to peer and its response back as it comes (a streamed
// response stays streamed). When the peer cannot be reached before any of
// the request's body went to it, this server runs the invocation itself.
func (f *Forwarder) forward(w http.ResponseWriter, r *http.Request, peer Member) {
	target, err := url.Parse(peer.URL)
	if err != nil {
		f.next.ServeHTTP(w, r)
		return
	}
	body := &countingReader{ReadCloser: r.Body}
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = body
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host // the signature covers the host the client named
			pr.Out.Header.Set(tokenHeader, f.token)
		},
		FlushInterval: -1,
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Set(NodeHeader, peer.Node)
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, out *http.Request, err error) {
			f.failed(w, r, body, peer, err)
		},
	}
	proxy.ServeHTTP(w, r)
}

// failed answers an invocation whose peer failed: run here when nothing
// of it was sent, or Lambda's ServiceException.
func (f *Forwarder) failed(w http.ResponseWriter, r *http.Request, body *countingReader, peer Member, err error) {
	f.log.Warn("forwarded invocation failed", "node", peer.Node, "err", err)
	if body.n.Load() == 0 {
		r.Body = body.ReadCloser
		w.Header().Set(NodeHeader, f.members.Node())
		f.next.ServeHTTP(w, r)
		return
	}
	w.Header().Set("X-Amzn-ErrorType", "ServiceException")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, `{"Type":"Service","message":"The member running the invocation stopped answering."}`)
}

// countingReader counts what was read of a request's body.
type countingReader struct {
	io.ReadCloser
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}
