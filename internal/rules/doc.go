// Package rules is the project's code rules, checked: its tests read the
// source tree and fail where a package lacks its doc comment or an import
// points outward, against the layers the code is built in.
package rules
