package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/virga-dev/virga/internal/datadir"
)

// awsEnvironment lists what makes a client subcommand follow the AWS
// environment rather than the data directory.
var awsEnvironment = []string{"AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_ACCESS_KEY_ID"}

// awsConfig is the SDK configuration of a client subcommand: the admin
// keys and address of the server whose data directory was named on the
// command line; else the standard chain (AWS_ENDPOINT_URL, keys,
// AWS_PROFILE) when the environment sets any of them; else the default data
// directory's. Without AWS_ENDPOINT_URL the address comes from dir.
func awsConfig(ctx context.Context, d dataDir) (aws.Config, error) {
	dir := d.Path
	if d.Explicit || !fromEnvironment() {
		return dataDirConfig(dir)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.BaseEndpoint == nil {
		srv, err := datadir.LoadServer(dir)
		if err != nil {
			return aws.Config{}, fmt.Errorf("no AWS_ENDPOINT_URL and no server address in %s: %w", dir, err)
		}
		cfg.BaseEndpoint = aws.String(srv.Endpoint)
	}
	return cfg, nil
}

func fromEnvironment() bool {
	for _, k := range awsEnvironment {
		if os.Getenv(k) != "" {
			return true
		}
	}
	return false
}

// dataDirConfig points the SDK at the server of a data directory with its
// admin keys.
func dataDirConfig(dir string) (aws.Config, error) {
	admin, err := datadir.LoadAdmin(dir)
	if err != nil {
		return aws.Config{}, fmt.Errorf("no credentials in %s (start `virga server` or set AWS_ENDPOINT_URL): %w", dir, err)
	}
	srv, err := datadir.LoadServer(dir)
	if err != nil {
		return aws.Config{}, fmt.Errorf("no server address in %s: %w", dir, err)
	}
	region := srv.Region
	if region == "" {
		region = "us-east-1"
	}
	return aws.Config{Region: region, BaseEndpoint: aws.String(srv.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(admin.AccessKeyID, admin.SecretAccessKey, "")}, nil
}
