package unmetered

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// Buffering a response body: read to its end into one slice, at most the client's response-size
// limit (WithMaxResponseSize), allocating only as the bytes arrive.

// errBodyTooLarge reports a body over the limit given to readBody.
var errBodyTooLarge = errors.New("body over the limit")

// presizeMax bounds how much a Content-Length alone makes readBody allocate before the bytes
// arrive: a server may announce 32 MiB and send nothing.
const presizeMax = 1 << 20

// minBlock is the first block readBody allocates when it has no buffer to start with.
const minBlock = 4 << 10

// readBody reads r to its end into one slice, starting in first's spare capacity. hint is the
// announced length (-1 when unknown). Over limit bytes it stops, having read limit+1, and
// returns errBodyTooLarge.
//
// Growing one slice by doubling (as bytes.Buffer.ReadFrom does) allocates twice the bytes read
// and copies them at each step: for a body one byte over 32 MiB, 128 MiB in all and 96 MiB live
// at once. readBody reads into blocks that each double the bytes read so far, capped so that
// all of them together never exceed limit+1, and joins them once at the end. A body over the
// limit thus costs at most limit+1 bytes before it is refused; one under it costs its own
// length in blocks plus its length joined (nothing more when it fits first or the announced
// length, up to presizeMax).
func readBody(r io.Reader, first []byte, hint int64, limit int) ([]byte, error) {
	buf := first[:0]
	if hint >= 0 && hint <= presizeMax && hint < int64(limit) && cap(buf) <= int(hint) {
		buf = make([]byte, 0, hint+1) // +1: room to read the end of the body without growing
	}
	var blocks [][]byte
	total := 0 // bytes in blocks
	for {
		if len(buf) == cap(buf) {
			if len(buf) > 0 {
				blocks, total = append(blocks, buf), total+len(buf)
			}
			buf = make([]byte, 0, min(max(total, minBlock), limit+1-total))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if total+len(buf) > limit {
			return nil, errBodyTooLarge
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(blocks) == 0 {
		return buf, nil
	}
	out := make([]byte, 0, total+len(buf))
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, buf...), nil
}

// bufferedBody is a response body read into memory; Close hands its slice back to the pool.
type bufferedBody struct {
	data []byte
	read int     // how much of data Read has returned
	pool *[]byte // the pool's slice header, to put data back in
}

func (b *bufferedBody) bytes() []byte { return b.data }

// Read reads what is left of the body, as a bytes.Reader would.
func (b *bufferedBody) Read(p []byte) (int, error) {
	if b.read >= len(b.data) {
		return 0, io.EOF
	}
	n := copy(p, b.data[b.read:])
	b.read += n
	return n, nil
}

func (b *bufferedBody) Close() error {
	if b.pool != nil {
		putBuf(b.pool, b.data)
		b.pool, b.data, b.read = nil, nil, 0
	}
	return nil
}

// bufPool keeps body slices of up to 1 MiB between calls.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

// putBuf returns data's array to the pool in p, unless it is large (let those go rather than
// pin them).
func putBuf(p *[]byte, data []byte) {
	if cap(data) > 1<<20 {
		if cap(*p) > 1<<20 {
			return
		}
		data = *p
	}
	*p = data[:0]
	bufPool.Put(p)
}

// sizeText writes a size in bytes as MiB or KiB when it is a whole number of them.
func sizeText(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}
