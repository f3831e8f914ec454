// Command quotetrace finds the passages and quotations news articles share
// and where each appeared first, and keeps an archive that every new story
// can be checked against.
//
//	quotetrace report [--format text|json|html] [--kind K] [--min-sources N] [--skip-bad] [flags] INPUT...
//	quotetrace quotes [--format text|json] [--skip-bad] INPUT...
//	quotetrace index add --index PATH [--replace] [--skip-bad] INPUT...
//	quotetrace index query --index PATH [--format text|json] INPUT...
//	quotetrace index report --index PATH [--format text|json|html]
//	quotetrace index stats --index PATH [--format text|json]
//
// An INPUT is a directory of .txt files, one .txt file, a .jsonl file, or -
// for JSONL on standard input. A bad input line is an error of the shape
// FILE:LINE: message; --skip-bad (report, quotes, index add) leaves each
// out, named on standard error and counted in the notes. Exit status: 0 on
// success, 1 on a runtime error, 2 on a usage error. Only the result goes
// to standard output; progress (when standard error is a terminal), notes
// and errors go to standard error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/english"
	"github.com/quotetrace/quotetrace/internal/optflags"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

const topUsage = `quotetrace finds the passages and quotations news articles share,
and where each appeared first.

Usage:
  quotetrace report [flags] INPUT...          clusters of shared passages
  quotetrace quotes [--format text|json] INPUT... every quotation and who said it
  quotetrace index add --index PATH INPUT...  add articles to an archive
  quotetrace index query --index PATH INPUT... passages of new articles the archive holds:
                                              origin and carriers of each
  quotetrace index report --index PATH        clusters over the whole archive
  quotetrace index stats --index PATH         counts, parameters, size

An INPUT is a directory of .txt files, one .txt file, a .jsonl file, or -
for JSONL on standard input. Run 'quotetrace COMMAND --help' for a
command's flags ('quotetrace index --help' for all index subcommands).

Example:
  quotetrace report --format json articles/ > report.json
`

// env is what a command runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin, stdout, stderr}
	err := dispatch(args, e)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "quotetrace: %s\n", ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "quotetrace: %v\n", err)
		return 1
	}
}

func dispatch(args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, topUsage)
		return usagef("no command given")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, topUsage)
		return nil
	case "report":
		return cmdReport(args[1:], e)
	case "quotes":
		return cmdQuotes(args[1:], e)
	case "index":
		if len(args) < 2 {
			return usagef("index needs a subcommand: add, query, report or stats")
		}
		for _, sub := range indexSubcommands {
			if args[1] == sub.name {
				return sub.run(args[2:], e)
			}
		}
		switch args[1] {
		case "-h", "-help", "--help", "help":
			return indexHelp(e)
		}
		return usagef("unknown index subcommand %q (want add, query, report or stats)", args[1])
	}
	return usagef("unknown command %q (want report, quotes or index; see quotetrace --help)", args[0])
}

// indexSubcommands are the index subcommands, in the order help lists them.
var indexSubcommands = []struct {
	name string
	run  func([]string, env) error
}{{"add", cmdIndexAdd}, {"query", cmdIndexQuery}, {"report", cmdIndexReport}, {"stats", cmdIndexStats}}

// indexHelp prints each index subcommand's own help, flags and example:
// one page for all that "quotetrace index --help" asks about.
func indexHelp(e env) error {
	fmt.Fprint(e.stdout, "quotetrace index keeps an archive that every new story can be checked against.\n")
	for _, sub := range indexSubcommands {
		fmt.Fprintf(e.stdout, "\n== quotetrace index %s ==\n", sub.name)
		if err := sub.run([]string{"--help"}, e); !errors.Is(err, flag.ErrHelp) {
			return err
		}
	}
	return nil
}

// helps holds each flag set's help text, printed on --help only.
var helps = map[*flag.FlagSet]func(){}

// newFlags returns a flag set whose --help prints usage and example to
// standard output; a mistake in the flags prints only the mistake.
func newFlags(name, usage, example string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	helps[fs] = func() {
		fmt.Fprintf(e.stdout, "Usage: %s\n\nFlags:\n", usage)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		fmt.Fprintf(e.stdout, "\nExample:\n  %s\n", example)
	}
	return fs
}

// parse parses args, turning a flag error into a usage error. Flags may
// come before or after the INPUTs (people write both); after "--" every
// argument is an INPUT. fs.Args() then holds the INPUTs in order.
func parse(fs *flag.FlagSet, args []string) error {
	head, tail := args, []string(nil)
	for i, a := range args {
		if a == "--" {
			head, tail = args[:i], args[i+1:]
			break
		}
	}
	var inputs []string
	for {
		if err := fs.Parse(head); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				helps[fs]()
				return err
			}
			return usagef("%s: %v (see quotetrace %s --help)", fs.Name(), err, fs.Name())
		}
		if fs.NArg() == 0 {
			break
		}
		inputs = append(inputs, fs.Arg(0))
		head = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, append(inputs, tail...)...))
}

// formatFlag is --format for the commands that write text or JSON.
func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "text", "output format: text or json")
}

func checkFormat(f string) error {
	if f != "text" && f != "json" {
		return usagef("--format must be text or json, not %q", f)
	}
	return nil
}

// skipBadFlag is --skip-bad, for every command that reads INPUTs into a
// result: report, quotes and index add.
func skipBadFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("skip-bad", false, "leave out bad JSONL lines and bad .txt files, naming each on standard error and counting them in the notes, and go on")
}

// quietFlag is --quiet, which every command takes.
func quietFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("quiet", false, "no progress on standard error")
}

// load reads every input; "-" is JSONL on standard input. A bad line or
// file is an error naming it (file:line: message) unless skipBad; what is
// left out (with skipBad, and directory entries that are not articles) is
// named on standard error as it is met and counted, for each input, in
// the notes returned: a report adds them to its own notes.
func load(inputs []string, skipBad bool, e env) ([]dedupe.Document, []string, error) {
	var docs []dedupe.Document
	var notes []string
	var lines, entries int
	r := dedupe.Reader{SkipBad: skipBad, Stdin: e.stdin, Skipped: func(err *dedupe.InputError) {
		fmt.Fprintf(e.stderr, "quotetrace: left out %v\n", err)
		if err.Line > 0 {
			lines++
		} else {
			entries++
		}
	}}
	stdinUsed := false
	for _, in := range inputs {
		if in == "-" {
			if stdinUsed {
				return nil, nil, usagef("- (standard input) given twice")
			}
			stdinUsed = true
		}
		lines, entries = 0, 0
		got, err := r.Load(in)
		if err != nil {
			return nil, nil, err
		}
		name := in
		if in == "-" {
			name = "stdin"
		}
		if lines > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s left out (--skip-bad), each named on standard error", name, english.Count(lines, "bad line")))
		}
		if entries > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s left out, each named on standard error", name, english.Count(entries, "entry")))
		}
		docs = append(docs, got...)
	}
	return docs, notes, nil
}

// printNotes repeats notes on standard error, for commands whose result
// has no notes of its own.
func printNotes(notes []string, e env) {
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "quotetrace: note: %s\n", n)
	}
}

func cmdReport(args []string, e env) error {
	fs := newFlags("report", "quotetrace report [flags] INPUT...",
		"quotetrace report --format json --min-words 8 articles/ wire.jsonl > report.json", e)
	out := addReportOutput(fs)
	quiet := quietFlag(fs)
	skipBad := skipBadFlag(fs)
	af := optflags.Add(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("report needs at least one INPUT (a directory, a .txt file, a .jsonl file or -)")
	}
	opts := af.Options()
	p := newProgress(e.stderr, *quiet)
	opts.Progress = p.stage
	c, err := dedupe.New(opts)
	if err != nil {
		return usagef("%v", err)
	}
	docs, notes, err := load(fs.Args(), *skipBad, e)
	if err != nil {
		return err
	}
	if err := c.Add(docs...); err != nil {
		return err
	}
	r, err := c.Report()
	p.done()
	if err != nil {
		return err
	}
	r.Notes = append(notes, r.Notes...)
	return out.write(r, docs, e)
}

func indexFlag(fs *flag.FlagSet) *string {
	return fs.String("index", "", "the archive file (required)")
}

func needIndex(path string) error {
	if path == "" {
		return usagef("--index PATH is required")
	}
	return nil
}

func cmdIndexAdd(args []string, e env) error {
	fs := newFlags("index add", "quotetrace index add --index PATH [--replace] [flags] INPUT...",
		"quotetrace index add --index news.qta articles/2017-04/", e)
	path := indexFlag(fs)
	replace := fs.Bool("replace", false, "overwrite documents whose id the archive holds")
	quiet := quietFlag(fs)
	skipBad := skipBadFlag(fs)
	af := optflags.Add(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := needIndex(*path); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("index add needs at least one INPUT")
	}
	cfg := archive.Config{Create: true}
	if af.Given() {
		o := af.Options()
		if _, err := dedupe.New(o); err != nil {
			return usagef("%v", err)
		}
		cfg.Options = &o
	}
	docs, notes, err := load(fs.Args(), *skipBad, e)
	if err != nil {
		return err
	}
	printNotes(notes, e)
	a, err := archive.Open(*path, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	p := newProgress(e.stderr, *quiet)
	opts := archive.AddOptions{Replace: *replace, Progress: func(done, total int) { p.stage("prepare", done, total) }}
	if os.Getenv("QUOTETRACE_FAILPOINT") == "before-commit" {
		// For the crash-safety test only: hold the transaction open so the
		// test can kill the process before it commits.
		opts.BeforeCommit = func() {
			fmt.Fprintln(e.stderr, "failpoint before-commit reached")
			time.Sleep(time.Hour)
		}
	}
	st, err := a.Add(docs, opts)
	p.done()
	if errors.Is(err, dedupe.ErrDuplicateID) && !*replace {
		return fmt.Errorf("%w (--replace overwrites)", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %d, replaced %d documents to %s\n", st.Added, st.Replaced, *path)
	return nil
}

// openForReading checks what every read-only index command needs (the
// --index path and whether INPUTs are wanted) and opens the archive
// read-only; the caller has checked its format.
func openForReading(fs *flag.FlagSet, path string, wantInputs bool) (*archive.Archive, error) {
	if err := needIndex(path); err != nil {
		return nil, err
	}
	switch {
	case wantInputs && fs.NArg() == 0:
		return nil, usagef("%s needs at least one INPUT", fs.Name())
	case !wantInputs && fs.NArg() > 0:
		return nil, usagef("%s takes no INPUT", fs.Name())
	}
	return archive.Open(path, archive.Config{ReadOnly: true})
}

func cmdIndexQuery(args []string, e env) error {
	fs := newFlags("index query", `quotetrace index query --index PATH [--format text|json] INPUT...

For each article: its near-duplicates in the archive, and each passage of
it that the archive holds, as a cluster: quotation or passage, how many
archived documents carry it, its origin (the earliest carrier that holds
the passage itself, or the article when it is older), its speaker, and
its carriers, oldest first (at most 1000 listed), with their offsets and
similarity to the article's passage. JSON adds the pairwise passages.`,
		"quotetrace index query --index news.qta --format json today.jsonl", e)
	path := indexFlag(fs)
	format := formatFlag(fs)
	_ = quietFlag(fs) // a query shows no progress; --quiet is accepted as everywhere
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	a, err := openForReading(fs, *path, true)
	if err != nil {
		return err
	}
	defer a.Close()
	docs, notes, err := load(fs.Args(), false, e)
	if err != nil {
		return err
	}
	printNotes(notes, e)
	results, err := a.Query(docs)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(e.stdout, map[string]any{"results": results})
	}
	return writeQueryText(e.stdout, results)
}

func cmdIndexReport(args []string, e env) error {
	fs := newFlags("index report", "quotetrace index report --index PATH [--format text|json|html] [--kind K] [--min-sources N]",
		"quotetrace index report --index news.qta --format html --min-sources 2 > clusters.html", e)
	path := indexFlag(fs)
	out := addReportOutput(fs)
	quiet := quietFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	a, err := openForReading(fs, *path, false)
	if err != nil {
		return err
	}
	defer a.Close()
	p := newProgress(e.stderr, *quiet)
	r, err := a.Report(p.stage)
	p.done()
	if err != nil {
		return err
	}
	var docs []dedupe.Document
	if *out.format == "html" {
		// The page's document view shows the texts.
		if docs, err = a.Documents(); err != nil {
			return err
		}
	}
	return out.write(r, docs, e)
}

func cmdIndexStats(args []string, e env) error {
	fs := newFlags("index stats", "quotetrace index stats --index PATH [--format text|json]",
		"quotetrace index stats --index news.qta", e)
	path := indexFlag(fs)
	format := formatFlag(fs)
	_ = quietFlag(fs) // stats shows no progress; --quiet is accepted as everywhere
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	a, err := openForReading(fs, *path, false)
	if err != nil {
		return err
	}
	defer a.Close()
	st, err := a.Stats()
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(e.stdout, st)
	}
	p := st.Params
	stem := p.Language + " stemming"
	if p.NoStemming {
		stem = "no stemming"
	}
	dates := "no dated documents"
	if st.Earliest != "" {
		dates = "published " + st.Earliest + " to " + st.Latest
	}
	_, err = fmt.Fprintf(e.stdout, `archive %s (format %s version %d)
  %d documents, %s of text, %s on disk; %s
  index: %d seed-shingle entries, %d LSH band entries
  parameters: seed %d, %s, stop words %v, shingles of %d words, seeds of %d words,
    %d permutations, threshold %.2f (%d bands of %d rows), containment %.2f,
    passages of at least %d words with gaps of at most %d, phrases in at most %d documents
`, st.Path, p.Format, p.Version, st.Documents, bytesize(st.TextBytes), bytesize(st.Bytes), dates,
		st.SeedEntries, st.BandEntries, p.Seed, stem, p.StopWords, p.ShingleSize, p.SeedSize,
		p.Permutations, p.Threshold, p.Bands, p.Rows, p.MinContainment, p.MinWords, p.MaxGap, p.MaxDocFreq)
	return err
}

func bytesize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// writeQueryText writes, for each article, its near-duplicates and each
// passage the archive holds as a cluster: kind, how many archived
// documents carry it, origin and speaker, the article's span, then each
// listed carrier's document, date, offsets, similarity and text. The
// pairwise passages are in the JSON output.
func writeQueryText(w io.Writer, results []archive.Result) error {
	var b strings.Builder
	for i, r := range results {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s: %s, %s already in the archive\n", r.ID, english.Count(len(r.Duplicates), "near-duplicate"), english.Count(len(r.Clusters), "passage"))
		for _, d := range r.Duplicates {
			fmt.Fprintf(&b, "  near-duplicate of %s (%s): jaccard %.3f, containment %.3f\n", d.Doc, orUndated(d.Published), d.Jaccard, d.Containment)
		}
		for k, c := range r.Clusters {
			fmt.Fprintf(&b, "  #%d %s · carried by %s", k+1, c.Kind, english.Count(c.Documents, "archived document"))
			if c.MoreMembers > 0 {
				fmt.Fprintf(&b, " (%d listed)", len(c.Members))
			}
			switch c.Origin {
			case "":
				b.WriteString(" · origin: unknown (nothing that holds the passage is dated)")
			case r.ID:
				fmt.Fprintf(&b, " · origin: %s (this article)", c.Origin)
			default:
				fmt.Fprintf(&b, " · origin: %s", c.Origin)
			}
			if c.Speaker != "" {
				fmt.Fprintf(&b, " · speaker: %s", c.Speaker)
			}
			fmt.Fprintf(&b, "\n    [%d:%d] %s\n", c.Start, c.End, oneLine(c.Text))
			for _, m := range c.Members {
				fmt.Fprintf(&b, "    - %s  %s  [%d:%d]  similarity %.3f\n      %s\n",
					m.Doc, orUndated(m.Published), m.ArchiveStart, m.ArchiveEnd, m.Similarity, oneLine(m.ArchiveText))
			}
			if c.MoreMembers > 0 {
				fmt.Fprintf(&b, "    ... and %d newer, not listed\n", c.MoreMembers)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orUndated(date string) string {
	if date == "" {
		return "undated"
	}
	return date
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
