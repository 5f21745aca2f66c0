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
	// A streamed response may hold MaxStreamedResponse bytes (a soft limit
	// on AWS); the first StreamBurst of them flow as fast as they come, the
	// rest at StreamRate bytes a second on average.
	MaxStreamedResponse = 200 << 20
	StreamBurst         = 6 << 20
	StreamRate          = 2 << 20
	MaxTags             = 50
	TotalCodeSize       = 80530636800
	MaxLayers           = 5
	MaxPolicyBytes      = 20480
)
