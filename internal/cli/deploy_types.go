package cli

import "github.com/aws/aws-sdk-go-v2/service/lambda/types"

// Short names for the Lambda SDK's types the deploy uses.
type (
	lambdaCode    = types.FunctionCode
	lambdaEnv     = types.Environment
	lambdaArch    = types.Architecture
	lambdaRuntime = types.Runtime
)
