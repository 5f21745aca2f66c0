package lambda

// FunctionURLConfig is a function URL's configuration as the Lambda API
// returns it. CreateFunctionUrlConfig leaves LastModifiedTime out.
type FunctionURLConfig struct {
	FunctionUrl      string `json:"FunctionUrl"`
	FunctionArn      string `json:"FunctionArn"`
	AuthType         string `json:"AuthType"`
	Cors             *Cors  `json:"Cors,omitempty"`
	CreationTime     string `json:"CreationTime"`
	LastModifiedTime string `json:"LastModifiedTime,omitempty"`
	InvokeMode       string `json:"InvokeMode,omitempty"`
}

// Cors is the cross-origin resource sharing a function URL answers for.
type Cors struct {
	AllowCredentials *bool    `json:"AllowCredentials,omitempty"`
	AllowHeaders     []string `json:"AllowHeaders,omitempty"`
	AllowMethods     []string `json:"AllowMethods,omitempty"`
	AllowOrigins     []string `json:"AllowOrigins,omitempty"`
	ExposeHeaders    []string `json:"ExposeHeaders,omitempty"`
	MaxAge           *int     `json:"MaxAge,omitempty"`
}

// Function URL authorization types and invoke modes.
const (
	URLAuthNone     = "NONE"
	URLAuthIAM      = "AWS_IAM"
	URLBuffered     = "BUFFERED"
	URLStream       = "RESPONSE_STREAM"
	ActionInvokeURL = "lambda:InvokeFunctionUrl"
)
