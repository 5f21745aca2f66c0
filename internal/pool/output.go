package pool

import "bytes"

// outputLines splits function output into lines for those who read it
// line by line: telemetry subscribers and Embedded Metric Format.
type outputLines struct {
	partial []byte
	line    func([]byte)
}

// maxLine bounds a line kept whole across writes (CloudWatch's event limit).
const maxLine = 256 << 10

func (o *outputLines) Write(p []byte) (int, error) {
	n := len(p)
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			break
		}
		if len(o.partial) > 0 {
			o.line(append(o.partial, p[:i]...))
			o.partial = o.partial[:0]
		} else {
			o.line(p[:i])
		}
		p = p[i+1:]
	}
	if len(o.partial)+len(p) <= maxLine {
		o.partial = append(o.partial, p...)
	}
	return n, nil
}

// outputLine hands one line of a function's output on.
func (p *Pool) outputLine(env *Env, line []byte) {
	if env.ext != nil && len(line) > 0 {
		env.ext.tel.Emit("function", string(line))
	}
	if looksLikeEMF(line) {
		p.cfg.Observer.EmbeddedMetrics(env.cfg, line)
	}
}

// looksLikeEMF is a cheap test for a line worth parsing as Embedded Metric
// Format; the observer parses it and ignores what is not.
func looksLikeEMF(line []byte) bool {
	return len(line) > 0 && line[0] == '{' && bytes.Contains(line, []byte(`"_aws"`))
}
