package lambda

// Alias is an alias configuration as the Lambda API returns it.
type Alias struct {
	AliasArn        string        `json:"AliasArn"`
	Name            string        `json:"Name"`
	FunctionVersion string        `json:"FunctionVersion"`
	Description     string        `json:"Description"`
	RoutingConfig   *AliasRouting `json:"RoutingConfig,omitempty"`
	RevisionId      string        `json:"RevisionId"`
}

// AliasRouting sends a share of an alias's traffic to one more version.
type AliasRouting struct {
	AdditionalVersionWeights map[string]float64 `json:"AdditionalVersionWeights,omitempty"`
}

// ProvisionedConcurrency is a provisioned concurrency configuration and its
// progress.
type ProvisionedConcurrency struct {
	FunctionArn                              string `json:"FunctionArn,omitempty"`
	RequestedProvisionedConcurrentExecutions int    `json:"RequestedProvisionedConcurrentExecutions"`
	AvailableProvisionedConcurrentExecutions int    `json:"AvailableProvisionedConcurrentExecutions"`
	AllocatedProvisionedConcurrentExecutions int    `json:"AllocatedProvisionedConcurrentExecutions"`
	Status                                   string `json:"Status"`
	StatusReason                             string `json:"StatusReason,omitempty"`
	LastModified                             string `json:"LastModified"`
}

// Provisioned concurrency statuses.
const (
	ProvisionInProgress = "IN_PROGRESS"
	ProvisionReady      = "READY"
	ProvisionFailed     = "FAILED"
)
