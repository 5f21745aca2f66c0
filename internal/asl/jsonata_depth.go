package asl

import (
	"errors"
	"reflect"
	"strings"

	jsonata "github.com/blues/jsonata-go"
	"github.com/blues/jsonata-go/jparse"
)

// maxCallDepth bounds how deeply user-defined JSONata functions may call
// one another. The JSONata library has no bound of its own: a runaway
// recursion would overflow the Go stack, which no recover catches, and take
// the server down. JavaScript's JSONata stops at the engine's stack limit.
const maxCallDepth = 1000

// The names of the depth counter's functions and result variable that
// guardRecursion puts into function bodies.
const (
	enterName  = "vrgEnterFunction"
	leaveName  = "vrgLeaveFunction"
	resultName = "vrgFunctionResult"
)

var errTooDeep = errors.New("user-defined functions are nested more than 1000 calls deep (runaway recursion?)")

// guardRecursion rewrites the body B of every function an expression
// defines into ($enter(); $result := B; $leave(); $result), so that the
// evaluation counts the nesting of function calls. Expressions without
// functions are returned as they are.
func guardRecursion(expr string) string {
	if !strings.Contains(expr, "function") && !strings.Contains(expr, "λ") {
		return expr
	}
	root, err := guard(func() (jparse.Node, error) { return jparse.Parse(expr) })
	if err != nil {
		return expr // Compile reports the error
	}
	guardLambdas(reflect.ValueOf(root))
	return root.String()
}

// guardLambdas walks the syntax tree through exported fields and guards
// the body of each function definition.
func guardLambdas(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() || !v.CanInterface() {
			return
		}
		if l, ok := v.Interface().(*jparse.LambdaNode); ok {
			guardLambdas(reflect.ValueOf(l.Body))
			l.Body = countedBody(l.Body)
			return
		}
		guardLambdas(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				guardLambdas(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			guardLambdas(v.Index(i))
		}
	}
}

func countedBody(body jparse.Node) jparse.Node {
	return &jparse.BlockNode{Exprs: []jparse.Node{
		&jparse.FunctionCallNode{Func: &jparse.VariableNode{Name: enterName}},
		&jparse.AssignmentNode{Name: resultName, Value: body},
		&jparse.FunctionCallNode{Func: &jparse.VariableNode{Name: leaveName}},
		&jparse.VariableNode{Name: resultName},
	}}
}

// depthCounter is the call depth of one evaluation.
type depthCounter struct{ depth int }

// extensions are the functions of one evaluation: Step Functions' and the
// depth counter's.
func (d *depthCounter) extensions() map[string]jsonata.Extension {
	exts := make(map[string]jsonata.Extension, len(awsFunctions)+2)
	for k, v := range awsFunctions {
		exts[k] = v
	}
	exts[enterName] = jsonata.Extension{Func: d.enter}
	exts[leaveName] = jsonata.Extension{Func: d.leave}
	return exts
}

func (d *depthCounter) enter() (bool, error) {
	if d.depth++; d.depth > maxCallDepth {
		return false, errTooDeep
	}
	return true, nil
}

func (d *depthCounter) leave() bool {
	d.depth--
	return true
}
