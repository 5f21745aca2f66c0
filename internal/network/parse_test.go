package network

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func rule(prefix string, from, to uint16) Rule {
	return Rule{Prefix: netip.MustParsePrefix(prefix), From: from, To: to}
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, in string
		want     Policy
		canon    string
	}{
		{"Default", "default", Policy{}, "default"},
		{"None", " none ", Policy{Mode: None}, "none"},
		{"OneRule", "10.0.0.0/8:5432", Policy{Mode: Allow, Rules: []Rule{rule("10.0.0.0/8", 5432, 5432)}}, "10.0.0.0/8:5432"},
		{"AddressIsSlash32", "198.18.0.2:80", Policy{Mode: Allow, Rules: []Rule{rule("198.18.0.2/32", 80, 80)}}, "198.18.0.2/32:80"},
		{"Range", "192.0.2.0/24:8000-8999", Policy{Mode: Allow, Rules: []Rule{rule("192.0.2.0/24", 8000, 8999)}}, "192.0.2.0/24:8000-8999"},
		{"SpacesAndCommas", "198.18.0.2/32:80, 198.18.0.2/32:7  0.0.0.0/0:443",
			Policy{Mode: Allow, Rules: []Rule{rule("198.18.0.2/32", 80, 80), rule("198.18.0.2/32", 7, 7), rule("0.0.0.0/0", 443, 443)}},
			"198.18.0.2/32:80 198.18.0.2/32:7 0.0.0.0/0:443"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", c.in, diff)
			}
			if got.String() != c.canon {
				t.Errorf("String() = %q, want %q", got.String(), c.canon)
			}
			again, err := Parse(got.String())
			if err != nil || again.String() != c.canon {
				t.Errorf("canonical form does not parse back: %v %q", err, again.String())
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	cases := []struct{ name, in, says string }{
		{"Empty", "  ", "empty"},
		{"NoPort", "10.0.0.0/8", "has no port"},
		{"PortZero", "10.0.0.0/8:0", "not a port"},
		{"PortTooBig", "10.0.0.0/8:65536", "not a port"},
		{"PortWord", "10.0.0.0/8:https", "not a port"},
		{"LeadingZero", "10.0.0.0/8:080", "not a port"},
		{"ReversedRange", "10.0.0.0/8:90-80", "reversed"},
		{"HostBits", "10.0.0.1/8:80", "host bits set; the block is 10.0.0.0/8"},
		{"IPv6", "[2001:db8::]/32:443", "not an IPv4"},
		{"Hostname", "example.com:443", "not an IPv4"},
		{"Metadata", "169.254.169.254/32:80", "link-local addresses are never reachable"},
		{"Loopback", "127.0.0.1:9000", "loopback addresses are never reachable"},
		{"Multicast", "239.1.1.1:5000", "multicast"},
		{"OneBadAmongGood", "10.0.0.0/8:5432 nonsense", "has no port"},
		{"TooMany", strings.Repeat("10.0.0.0/8:1 ", maxRules+1), "more than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.in)
			if err == nil || !strings.Contains(err.Error(), c.says) {
				t.Errorf("Parse(%q) = %v, want an error saying %q", c.in, err, c.says)
			}
		})
	}
}

func TestAllows(t *testing.T) {
	p, err := Parse("198.18.0.0/24:80 10.1.2.3:5000-5010")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		addr string
		port uint16
		want bool
	}{
		{"198.18.0.2", 80, true},
		{"198.18.0.2", 81, false},
		{"198.18.1.2", 80, false},
		{"10.1.2.3", 5000, true},
		{"10.1.2.3", 5010, true},
		{"10.1.2.3", 5011, false},
		{"::ffff:198.18.0.9", 80, true},
	}
	for _, c := range cases {
		if got := p.Allows(netip.MustParseAddr(c.addr), c.port); got != c.want {
			t.Errorf("Allows(%s, %d) = %v, want %v", c.addr, c.port, got, c.want)
		}
	}
	if !(Policy{}).Allows(netip.MustParseAddr("203.0.113.9"), 1) {
		t.Error("default refuses")
	}
	if (Policy{Mode: None}).Allows(netip.MustParseAddr("203.0.113.9"), 1) {
		t.Error("none allows")
	}
}

func TestFromTags(t *testing.T) {
	if p := FromTags(nil); p.Mode != Default {
		t.Errorf("no tag: %v", p)
	}
	if p := FromTags(map[string]string{Tag: "none"}); p.Mode != None {
		t.Errorf("none: %v", p)
	}
	if p := FromTags(map[string]string{Tag: "garbage"}); p.Mode != None {
		t.Errorf("an unreadable value must fail closed, got %v", p)
	}
}

func TestForbidden(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "127.9.9.9": true, "169.254.169.254": true, "0.0.0.0": true,
		"224.0.0.251": true, "255.255.255.255": true, "::1": true, "2001:db8::1": true,
		"198.18.0.2": false, "10.0.0.1": false, "8.8.8.8": false,
	} {
		if _, got := Forbidden(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Forbidden(%s) = %v, want %v", addr, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"default", "none", "10.0.0.0/8:5432", "1.2.3.4:1-2,5.6.7.0/24:9", "::1:80", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(p.String())
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", p.String(), s, err)
		}
		if again.String() != p.String() {
			t.Fatalf("canonical form changes: %q then %q", p.String(), again.String())
		}
	})
}
