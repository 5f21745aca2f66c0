package lambda

import "encoding/json"

// LayerVersion is a version of a layer as GetLayerVersion and
// PublishLayerVersion return it: as on AWS, Description and both
// compatibility lists are there even when empty.
type LayerVersion struct {
	Content                 LayerContent `json:"Content"`
	LayerArn                string       `json:"LayerArn"`
	LayerVersionArn         string       `json:"LayerVersionArn"`
	Description             string       `json:"Description"`
	CreatedDate             string       `json:"CreatedDate"`
	Version                 int64        `json:"Version"`
	CompatibleRuntimes      []string     `json:"CompatibleRuntimes"`
	LicenseInfo             string       `json:"LicenseInfo,omitempty"`
	CompatibleArchitectures []string     `json:"CompatibleArchitectures"`
}

// MarshalJSON writes absent lists as empty ones.
func (v LayerVersion) MarshalJSON() ([]byte, error) {
	type plain LayerVersion
	p := plain(v)
	if p.CompatibleRuntimes == nil {
		p.CompatibleRuntimes = []string{}
	}
	if p.CompatibleArchitectures == nil {
		p.CompatibleArchitectures = []string{}
	}
	return json.Marshal(p)
}

// LayerContent describes a layer version's zip; Location is a link that
// downloads it.
type LayerContent struct {
	Location   string `json:"Location,omitempty"`
	CodeSha256 string `json:"CodeSha256"`
	CodeSize   int64  `json:"CodeSize"`
}

// LayerVersionsListItem is a layer version as the list operations return it.
type LayerVersionsListItem struct {
	LayerVersionArn         string   `json:"LayerVersionArn"`
	Version                 int64    `json:"Version"`
	Description             string   `json:"Description,omitempty"`
	CreatedDate             string   `json:"CreatedDate"`
	CompatibleRuntimes      []string `json:"CompatibleRuntimes,omitempty"`
	LicenseInfo             string   `json:"LicenseInfo,omitempty"`
	CompatibleArchitectures []string `json:"CompatibleArchitectures,omitempty"`
}

// LayersListItem is a layer as ListLayers returns it: its newest version
// that matches the filters.
type LayersListItem struct {
	LayerName             string                `json:"LayerName"`
	LayerArn              string                `json:"LayerArn"`
	LatestMatchingVersion LayerVersionsListItem `json:"LatestMatchingVersion"`
}

// ListItem is v as the list operations show it.
func (v LayerVersion) ListItem() LayerVersionsListItem {
	return LayerVersionsListItem{
		LayerVersionArn: v.LayerVersionArn, Version: v.Version, Description: v.Description, CreatedDate: v.CreatedDate,
		CompatibleRuntimes: v.CompatibleRuntimes, LicenseInfo: v.LicenseInfo, CompatibleArchitectures: v.CompatibleArchitectures,
	}
}
