package client

// Status is the state of one endpoint's model (GET .../status). A download
// happens inside the first request that needs the model; poll the status in
// parallel to show its progress.
type Status struct {
	ActiveModel     string `json:"active_model"`
	DownloadOngoing bool   `json:"download_ongoing"`
	// DownloadProgress is 0-100.
	DownloadProgress int      `json:"download_progress"`
	LastErrors       []string `json:"last_errors"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		ActiveModel, DownloadOngoing, DownloadProgress, LastErrors Field
		ExtraFields                                                map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *Status) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r Status) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// Version is the server's version (GET misc/version).
type Version struct {
	Major int    `json:"major"`
	Minor int    `json:"minor"`
	Patch int    `json:"patch"`
	Build string `json:"build"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Major, Minor, Patch, Build Field
		ExtraFields                map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *Version) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r Version) MarshalJSON() ([]byte, error) { return encodeObject(r) }
