// Package lambda holds Virga's shared vocabulary: the function configuration as
// AWS describes it, the error kinds every component speaks, and the limits Lambda
// documents. It imports only the standard library so every other package may use it.
package lambda
