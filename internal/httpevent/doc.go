// Package httpevent is the mapping between an HTTP exchange and the event a
// Lambda function behind an HTTP front end (a function URL, an API Gateway
// HTTP API) receives and returns: the request event of payload formats 1.0
// and 2.0, and the rules that turn what the function returned into the
// HTTP response — a statusCode object, a bare JSON value, cookies, base64
// bodies.
package httpevent
