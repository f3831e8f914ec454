package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress shows how far work has come on standard error, only when that is
// a terminal, only for work that has run past showAfter, and at most every
// refresh.
type progress struct {
	w       io.Writer
	on      bool
	mu      sync.Mutex
	start   time.Time
	stageAt time.Time
	name    string
	last    time.Time
	shown   bool
}

const (
	showAfter = 2 * time.Second
	refresh   = 250 * time.Millisecond
)

func newProgress(w io.Writer, quiet bool) *progress {
	return &progress{w: w, on: !quiet && isTerminal(w), start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// stage reports done of total in the named stage.
func (p *progress) stage(name string, done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if name != p.name {
		if p.shown {
			fmt.Fprintln(p.w)
		}
		p.name, p.stageAt, p.shown = name, now, false
	}
	if now.Sub(p.start) < showAfter || (now.Sub(p.last) < refresh && done < total) {
		return
	}
	p.last, p.shown = now, true
	elapsed := now.Sub(p.stageAt).Seconds()
	rate := float64(done) / max(elapsed, 1e-9)
	left := "?"
	if rate > 0 {
		left = time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%s %d/%d  %.0f/s  %s left   ", name, done, total, rate, left)
}

// done ends the progress line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
