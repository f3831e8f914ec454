package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/htmlreport"
)

// reportOutput is the flags of the commands that write a report: the
// format, and which clusters it shows (the same in every format).
type reportOutput struct {
	format     *string
	kinds      *string
	minSources *int
	filter     dedupe.Filter
}

func addReportOutput(fs *flag.FlagSet) *reportOutput {
	return &reportOutput{
		format:     fs.String("format", "text", "output format: text, json, or html (one self-contained page)"),
		kinds:      fs.String("kind", "", "show only clusters of these kinds, comma-separated: quotation, passage, boilerplate"),
		minSources: fs.Int("min-sources", 0, "show only clusters carried by at least this many distinct sources"),
	}
}

// check validates the flags; call it after parsing.
func (o *reportOutput) check() error {
	if f := *o.format; f != "text" && f != "json" && f != "html" {
		return usagef("--format must be text, json or html, not %q", f)
	}
	if *o.minSources < 0 {
		return usagef("--min-sources must be 0 or more, not %d", *o.minSources)
	}
	o.filter = dedupe.Filter{MinSources: *o.minSources}
	if *o.kinds != "" {
		for _, name := range strings.Split(*o.kinds, ",") {
			k, err := dedupe.ParseKind(name)
			if err != nil {
				return usagef("--kind: %v", err)
			}
			o.filter.Kinds = append(o.filter.Kinds, k)
		}
	}
	return nil
}

// write prints the report filtered, in the format asked for, and repeats
// its notes (limits hit, the filter) on standard error so they are seen
// whatever the format. docs give the HTML page its document texts.
func (o *reportOutput) write(r *dedupe.Report, docs []dedupe.Document, e env) error {
	r = r.Filter(o.filter)
	for _, n := range r.Notes {
		fmt.Fprintf(e.stderr, "quotetrace: note: %s\n", n)
	}
	switch *o.format {
	case "json":
		return r.WriteJSON(e.stdout)
	case "html":
		p := htmlreport.New(r, docs, htmlreport.Options{})
		for _, n := range p.Notes {
			fmt.Fprintf(e.stderr, "quotetrace: note: %s\n", n)
		}
		return p.Write(e.stdout)
	}
	return r.WriteText(e.stdout)
}
