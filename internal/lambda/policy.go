package lambda

// Policy is a resource-based policy document as GetPolicy returns it.
type Policy struct {
	Version   string      `json:"Version"`
	Id        string      `json:"Id"`
	Statement []Statement `json:"Statement"`
}

// Statement is one permission of a resource-based policy. Principal is "*"
// or a map with one member, "AWS" or "Service". Condition maps an operator
// (StringEquals, ArnLike, …) to condition keys and their values.
type Statement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal any                          `json:"Principal"`
	Action    string                       `json:"Action"`
	Resource  string                       `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}
