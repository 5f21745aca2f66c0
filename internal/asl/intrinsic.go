package asl

import "strings"

// intrinsic is one intrinsic function: how many arguments it takes
// (max < 0: any number) and what it does with their values.
type intrinsic struct {
	min, max int
	fn       func(args []any) (any, error)
}

// intrinsics are the 18 functions of the States Language.
var intrinsics = map[string]intrinsic{
	"States.Format":         {1, -1, nil}, // evaluated by format, which needs the literal template
	"States.StringToJson":   {1, 1, stringToJSON},
	"States.JsonToString":   {1, 1, jsonToString},
	"States.Array":          {0, -1, array},
	"States.ArrayPartition": {2, 2, arrayPartition},
	"States.ArrayContains":  {2, 2, arrayContains},
	"States.ArrayRange":     {3, 3, arrayRange},
	"States.ArrayGetItem":   {2, 2, arrayGetItem},
	"States.ArrayLength":    {1, 1, arrayLength},
	"States.ArrayUnique":    {1, 1, arrayUnique},
	"States.Base64Encode":   {1, 1, base64Encode},
	"States.Base64Decode":   {1, 1, base64Decode},
	"States.Hash":           {2, 2, hashOf},
	"States.JsonMerge":      {3, 3, jsonMerge},
	"States.MathRandom":     {2, 3, mathRandom},
	"States.MathAdd":        {2, 2, mathAdd},
	"States.StringSplit":    {2, 2, stringSplit},
	"States.UUID":           {0, 0, uuid},
}

// Intrinsic evaluates one intrinsic function call: all 18 (States.Format, StringToJson, JsonToString,
// Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique,
// Base64Encode, Base64Decode, Hash, JsonMerge, MathRandom, MathAdd, StringSplit, UUID), nested calls,
// quoting/escaping rules, AWS's error texts.
func Intrinsic(expr string, input, context any, vars map[string]any) (any, error) {
	c, err := parseCall(strings.TrimSpace(expr))
	if err != nil {
		return nil, err
	}
	return c.eval(input, context, vars)
}

// ValidateIntrinsic checks the syntax of an intrinsic function call, the
// names of its functions and their numbers of arguments.
func ValidateIntrinsic(expr string) error {
	c, err := parseCall(strings.TrimSpace(expr))
	if err != nil {
		return err
	}
	return c.checkArity()
}

func (c *call) checkArity() error {
	f := intrinsics[c.name]
	if n := len(c.args); n < f.min || f.max >= 0 && n > f.max {
		return intrinsicError("Invalid number of arguments in %s: expected %s, got %d", c.name, arity(f), n)
	}
	for _, a := range c.args {
		if sub, ok := a.(*call); ok {
			if err := sub.checkArity(); err != nil {
				return err
			}
		}
	}
	return nil
}

func arity(f intrinsic) string {
	switch {
	case f.max < 0:
		return "at least " + itoa(f.min)
	case f.min == f.max:
		return itoa(f.min)
	}
	return itoa(f.min) + " to " + itoa(f.max)
}

func (c *call) eval(input, context any, vars map[string]any) (any, error) {
	if err := c.checkArity(); err != nil {
		return nil, err
	}
	args := make([]any, len(c.args))
	for i, a := range c.args {
		var err error
		if args[i], err = argValue(a, input, context, vars); err != nil {
			return nil, err
		}
	}
	if c.name == "States.Format" {
		return format(c.args[0], args)
	}
	return intrinsics[c.name].fn(args)
}

// argValue evaluates one argument: a literal, a reference or a nested call.
func argValue(a, input, context any, vars map[string]any) (any, error) {
	switch a := a.(type) {
	case quoted:
		return a.value, nil
	case ref:
		if isVariable(string(a)) {
			return variable(string(a), vars)
		}
		return Path(string(a), input, context)
	case *call:
		return a.eval(input, context, vars)
	}
	return a, nil
}
