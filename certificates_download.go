package unmetered

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Downloading an issued certificate and parsing certificate data.

// maxCertificateBytes bounds a downloaded certificate file: a chain of certificates is a few
// kilobytes.
const maxCertificateBytes = 4 << 20

// CertificateFile is an issued certificate as Download returns it.
type CertificateFile struct {
	// Data is the certificate data: PEM text (one or more CERTIFICATE blocks) or DER bytes.
	// When the server answers the bytes themselves, Data is exactly what it served; when it
	// wraps them in JSON, Data is the certificate text taken from that JSON.
	Data []byte
	// ContentType is the response's Content-Type header as sent.
	ContentType string
	// Raw is the JSON object the certificate came in, kept whole (other keys, such as a CA
	// bundle, included); nil when the server answered the certificate itself.
	Raw Object
}

// Certificates parses Data with ParseCertificates.
func (f *CertificateFile) Certificates() ([]*x509.Certificate, error) {
	if f == nil {
		return ParseCertificates(nil)
	}
	return ParseCertificates(f.Data)
}

// certificateKeys are the JSON keys Download looks in first for the certificate text.
var certificateKeys = []string{"crt", "certificate", "cert"}

// Download returns the issued certificate of service id (GET /certificate/@id/crt). The API
// reference does not show the response: the server may answer the certificate itself (PEM or
// DER) or JSON carrying it as text, under "crt" or another key; Download accepts all of these.
// A response without certificate text (empty, or JSON without it: the certificate is not issued
// yet, say) is an error, and so is an HTML page (an *Error with its excerpt). Parse the result
// with its Certificates method. It is retried on transient failures.
func (s *CertificatesService) Download(ctx context.Context, id int64) (*CertificateFile, error) {
	rt, err := newRoute(http.MethodGet, "/certificate/@id/crt", id)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.doStream(ctx, rt)
	if err != nil {
		return nil, err
	}
	r := rt.request(nil)
	defer drainAndClose(resp.Body)
	body, err := readLimited(resp.Body, maxCertificateBytes+1)
	if err != nil {
		return nil, s.client.wrapTransportError(ctx, r, fmt.Errorf("reading response: %w", err))
	}
	if len(body) > maxCertificateBytes {
		return nil, fmt.Errorf("unmetered: %s: the response exceeds %d MiB; it is not a certificate", rt, maxCertificateBytes>>20)
	}
	file := &CertificateFile{Data: body, ContentType: resp.Header.Get("Content-Type")}
	trimmed := bytes.TrimSpace(body)
	var text string
	switch {
	case len(trimmed) == 0:
	case trimmed[0] == '<': // an HTML page (a proxy's), never a certificate
		return nil, s.client.newError(r, resp, body, nil)
	case trimmed[0] == '{' || trimmed[0] == '"' || trimmed[0] == '[': // JSON (DER starts with 0x30, PEM with text)
		if err := s.client.envelopeError(r, resp, body); err != nil {
			return nil, err
		}
		if trimmed[0] == '"' {
			err = json.Unmarshal(trimmed, &text)
		} else if trimmed[0] == '{' {
			if err = json.Unmarshal(trimmed, &file.Raw); err == nil {
				text = certificateText(file.Raw)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("unmetered: %s: decoding the response: %w", rt, err)
		}
	default:
		return file, nil // the certificate itself, as served
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("unmetered: %s: the response carries no certificate (%s); it may not be issued yet",
			rt, describeJSON(file.Raw, trimmed))
	}
	file.Data = []byte(text)
	return file, nil
}

// describeJSON names what a certificate-less response held, for Download's error.
func describeJSON(o Object, body []byte) string {
	switch {
	case len(o) > 0:
		return "keys: " + strings.Join(o.Keys(), ", ")
	case len(body) == 0:
		return "empty body"
	}
	return "body " + excerpt(body)
}

// certificateText finds the certificate text in a JSON response: the first non-empty string
// under one of certificateKeys, else the first string value (in key order) holding a PEM
// certificate.
func certificateText(o Object) string {
	for _, key := range certificateKeys {
		var s string
		if o.Has(key) && json.Unmarshal(o[key], &s) == nil && strings.TrimSpace(s) != "" {
			return s
		}
	}
	for _, key := range o.Keys() {
		var s string
		if json.Unmarshal(o[key], &s) == nil && strings.Contains(s, "-----BEGIN CERTIFICATE") {
			return s
		}
	}
	return ""
}

// ParseCertificates parses certificate data: PEM text holding one or more CERTIFICATE blocks
// (text before a block, such as OpenSSL's "subject=" lines, is ignored), or DER bytes holding
// one or more certificates. It returns the certificates in order (usually the leaf first, then
// its chain). Anything else is an error saying what was found: empty data, a PEM block of
// another type (a key, a CSR, PKCS #7), malformed PEM, or bytes that are not DER certificates.
func ParseCertificates(data []byte) ([]*x509.Certificate, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("unmetered: no certificate data")
	}
	if !bytes.Contains(trimmed, []byte("-----BEGIN")) {
		certs, err := x509.ParseCertificates(data) // DER: not trimmed, any byte may be data
		if err != nil {
			return nil, fmt.Errorf("unmetered: certificate data is neither PEM nor DER certificates: %w", err)
		}
		if len(certs) == 0 {
			return nil, errors.New("unmetered: no certificate data")
		}
		return certs, nil
	}
	var certs []*x509.Certificate
	rest := trimmed
	for n := 1; ; n++ {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("unmetered: PEM block %d is a %q, not a CERTIFICATE", n, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("unmetered: PEM block %d: %w", n, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 || bytes.Contains(rest, []byte("-----BEGIN")) {
		return nil, fmt.Errorf("unmetered: malformed PEM certificate data after %d certificate(s)", len(certs))
	}
	return certs, nil
}
