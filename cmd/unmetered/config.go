package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The command's own environment variables, beside the SDK's UNMETERED_* credentials.
const (
	// envProfile chooses the profile as --profile does, for a shell or a job.
	envProfile = "UNMETERED_PROFILE"
	// envConfigDir takes the place of <config dir>/unmetered: profiles and config.json.
	envConfigDir = "UNMETERED_CONFIG_DIR"
)

// settings is config.json in the config directory: what "unmetered profile use" chose.
type settings struct {
	// Profile is the profile commands use when nothing else chooses one; "" for "default".
	Profile string `json:"profile,omitempty"`
}

// configRoot returns the CLI's config directory: UNMETERED_CONFIG_DIR (made absolute) when set,
// else <config dir>/unmetered. custom reports the first case, unless the variable names the
// usual directory.
func (a *app) configRoot() (root string, custom bool, err error) {
	base, baseErr := a.configDir()
	usual := ""
	if baseErr == nil {
		usual = filepath.Join(base, "unmetered")
	}
	if dir, _ := a.lookupEnv(envConfigDir); strings.TrimSpace(dir) != "" {
		abs, err := filepath.Abs(strings.TrimSpace(dir))
		if err != nil {
			return "", false, fmt.Errorf("%s: %w", envConfigDir, err)
		}
		return abs, abs != usual, nil
	}
	if baseErr != nil {
		return "", false, fmt.Errorf("finding your home directories: %w", baseErr)
	}
	return usual, false, nil
}

// profilesDir returns the directory of the profiles: <config root>/profiles.
func (a *app) profilesDir() (string, error) {
	root, _, err := a.configRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "profiles"), nil
}

// settingsFile returns the path of config.json.
func (a *app) settingsFile() (string, error) {
	root, _, err := a.configRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "config.json"), nil
}

// loadSettings reads config.json; a missing file is the zero settings. A damaged one is an
// error that says how to repair it.
func (a *app) loadSettings() (*settings, error) {
	path, err := a.settingsFile()
	if err != nil {
		return nil, err
	}
	if err := privateTree(filepath.Dir(filepath.Dir(path)), []string{filepath.Dir(path)}, false); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &settings{}, nil
	}
	if err != nil {
		return nil, err
	}
	var s settings
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s is damaged: %v; delete it, or choose a profile again with 'unmetered profile use NAME'", path, err)
	}
	if s.Profile != "" && !validProfileName(s.Profile) {
		return nil, fmt.Errorf("%s names the profile %q, which is not a profile's name; choose one with 'unmetered profile use NAME'", path, s.Profile)
	}
	return &s, nil
}

// saveSettings writes config.json (0600, in the private config directory).
func (a *app) saveSettings(s *settings) error {
	path, err := a.settingsFile()
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := writePrivateTop(path, append(b, '\n')); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	return nil
}

// profileKeys returns the names a profile's secrets go by: its token cache file
// ("profile-NAME") and its entry in the system keyring ("NAME"). A profile of another config
// directory (UNMETERED_CONFIG_DIR) has its own: the directory is part of both, so that two
// directories' profiles of the same name never share a password or a session.
func (a *app) profileKeys(name string) (cacheKey, keyringUser string, err error) {
	root, custom, err := a.configRoot()
	if err != nil {
		return "", "", err
	}
	if !custom {
		return "profile-" + name, name, nil
	}
	sum := sha256.Sum256([]byte(root))
	return "profile-" + name + "-" + hex.EncodeToString(sum[:6]), name + " (" + root + ")", nil
}
