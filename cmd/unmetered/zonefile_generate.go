package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// The bounds of a zone file, $GENERATE expanded. The input cap (maxInput) bounds a file's
// bytes, but a $GENERATE directive multiplies its line: 20 lines of it make 1.3 million
// records, and one line with 10 KB of data 65,536 records of 10 KB each. checkGenerate refuses
// such a file before miekg/dns expands anything; readZoneFile counts what the parse makes.

// maxZoneFileRecords bounds the records a zone file may hold, $GENERATE expanded. The portal
// hosts zones of a domain's records, hundreds at most in practice; the largest zone files that
// are real are reverse zones, and a whole /16 of PTR records is 65,536. The SDK reads a zone of
// at most 32 MiB, about 200,000 records as the portal lists them, so a zone much past 100,000
// could not even be read back to plan the next apply. 100,000 leaves a /16 reverse zone room
// and stays at half what the SDK can read.
const maxZoneFileRecords = 100_000

// maxZoneFileText bounds the bytes of names and data a zone file's records may hold,
// $GENERATE expanded: 32 MiB, what the SDK reads of a zone (unmetered.DefaultMaxResponseSize),
// which lists every record with its name, data and more, so a zone holding more could not be
// read back. A /16 reverse zone holds about 4 MB.
const maxZoneFileText = 32 << 20

// maxGenerateFields bounds the fields of a $GENERATE directive: its range, owner, TTL, class,
// type and data. BIND's makes PTR, CNAME, DNAME, A, AAAA and NS records, whose data is one
// field; 16 leaves room for the other types miekg/dns takes (SRV has four, a TXT a few
// strings). miekg/dns joins a directive's fields in time that grows with their number times
// its length, so a directive of thousands of fields took minutes to read.
const maxGenerateFields = 16

// zoneFileBounds are the bounds readZoneFile applies.
type zoneFileBounds struct {
	records int64 // records, as miekg/dns makes them
	text    int64 // bytes of the records' names and data
}

// checkGenerate refuses a zone file whose $GENERATE directives would make more records or
// more text than most allows, or one with more than maxGenerateFields fields, in one pass over
// the bytes without expanding anything. A directive is "$GENERATE" (in any case) at the start
// of a line, through the end of its last continuation line (a "(" holds it open until its
// ")"); its range "start-stop[/step]" makes (stop-start)/step+1 records, each about as long as
// the directive (the records' own text is counted as the parse makes them). A range miekg/dns
// refuses counts nothing (the parse reports it). It may count a line that miekg/dns reads as
// something else (inside parentheses or a quoted string), never fewer.
func checkGenerate(data []byte, most zoneFileBounds) error {
	const directive = "$GENERATE"
	var records, text int64
	for len(data) > 0 {
		if len(data) <= len(directive) || !strings.EqualFold(string(data[:len(directive)]), directive) ||
			data[len(directive)] != ' ' && data[len(directive)] != '\t' {
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				data = data[i+1:]
				continue
			}
			break
		}
		size, fields := directiveExtent(data)
		if fields > maxGenerateFields {
			return fmt.Errorf("a $GENERATE directive has %d fields, more than the %d it may have (a range, an owner, a TTL, a class, a type and its data)",
				fields, maxGenerateFields)
		}
		rest := bytes.TrimLeft(data[len(directive):size], " \t")
		if i := bytes.IndexAny(rest, " \t"); i >= 0 {
			rest = rest[:i]
		}
		n := generateRange(string(rest))
		records += n
		text += n * int64(size)
		data = data[size:]
	}
	if records > most.records {
		return fmt.Errorf("its $GENERATE directives make %d records, more than the %d a zone file may hold", records, most.records)
	}
	if text > most.text {
		return fmt.Errorf("its $GENERATE directives make about %d MiB of records, more than the %d MiB a zone file may hold", text>>20, most.text>>20)
	}
	return nil
}

// directiveExtent returns the length of the directive at the start of data, through the
// newline that ends it outside parentheses and quotes, and its fields: the words outside
// quotes, a quoted string being (part of) one. A comment counts no field.
func directiveExtent(data []byte) (size, fields int) {
	depth, inQuote, escaped, inWord := 0, false, false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case escaped:
			escaped = false
		case inQuote:
			switch c {
			case '\\':
				escaped = true
			case '"':
				inQuote = false
			}
		case c == '\n' && depth == 0:
			return i + 1, fields
		case c == ';':
			j := bytes.IndexByte(data[i:], '\n')
			if j < 0 {
				return len(data), fields
			}
			i += j - 1 // the newline is read next
			inWord = false
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '(' || c == ')':
			if c == '(' {
				depth++
			} else if c == ')' && depth > 0 {
				depth--
			}
			inWord = false
		default:
			if !inWord {
				fields++
				inWord = true
			}
			switch c {
			case '\\':
				escaped = true
			case '"':
				inQuote = true
			}
		}
	}
	return len(data), fields
}

// generateRange returns the number of records a $GENERATE range makes, with miekg/dns's rules,
// or 0 for a range it refuses.
func generateRange(r string) int64 {
	step := int64(1)
	if rng, s, ok := strings.Cut(r, "/"); ok {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v <= 0 {
			return 0
		}
		r, step = rng, v
	}
	from, to, ok := strings.Cut(r, "-")
	if !ok {
		return 0
	}
	start, err1 := strconv.ParseInt(from, 10, 64)
	end, err2 := strconv.ParseInt(to, 10, 64)
	if err1 != nil || err2 != nil || start < 0 || end < start || (end-start)/step > 65535 {
		return 0
	}
	return (end-start)/step + 1
}
