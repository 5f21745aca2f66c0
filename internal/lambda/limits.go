package lambda

// Limits Lambda documents, kept by Virga.
const (
	MinMemoryMB        = 128
	MaxMemoryMB        = 10240
	DefaultMemoryMB    = 128
	MinTimeout         = 1
	MaxTimeout         = 900
	DefaultTimeout     = 3
	MinTmpMB           = 512
	MaxTmpMB           = 10240
	MaxEnvironmentSize = 4096
	MaxZipBytes        = 52428800
	MaxUnzippedBytes   = 262144000
	MaxCreateBody      = 70167211
	MaxSyncPayload     = 6291456
	MaxResponsePayload = 6291556
	MaxTags            = 50
	TotalCodeSize      = 80530636800
	MaxLayers          = 5
	MaxPolicyBytes     = 20480
)
