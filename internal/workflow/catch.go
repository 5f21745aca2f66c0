package workflow

import "github.com/virga-dev/virga/internal/statemachine"

// catch moves on to a catcher's Next with the error output placed as its
// ResultPath (JSONata: Output) says.
func (v *visit) catch(c statemachine.Catcher, f *Failure) (any, error) {
	errOut := map[string]any{"Error": f.Error, "Cause": f.Cause}
	vars, err := v.sc.assign(v.s, c.Assign, nil, false, errOut)
	if err != nil {
		return nil, err
	}
	out, err := v.sc.caught(v.s, c, f)
	if err != nil {
		return nil, err
	}
	v.vars, v.next = vars, c.Next
	v.caught = true
	return out, nil
}
