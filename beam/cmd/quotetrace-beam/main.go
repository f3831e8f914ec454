// Command quotetrace-beam writes quotetrace's report of JSONL articles as
// an Apache Beam pipeline, on any runner Beam's flags name (prism, the
// default, locally; flink; dataflow). The report is the one `quotetrace
// report --format json` writes for the same input, byte for byte.
//
//	quotetrace-beam --input 'gs://bucket/news/*.jsonl' --output gs://bucket/report.json \
//	    --runner dataflow --project P --region R --staging_location gs://bucket/staging
//
// Files that --input matches are read in path order.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/quotetrace/quotetrace/beam/qtbeam"
	"github.com/quotetrace/quotetrace/internal/optflags"
)

// The analysis flags of `quotetrace report`: the same flags, defaults and help.
var analysis = optflags.Add(flag.CommandLine)

var (
	input  = flag.String("input", "", "JSONL files to read: a path or glob on any Beam filesystem (required)")
	output = flag.String("output", "", "file to write the JSON report to (required)")

	bucketBits = flag.Int("key-bucket-bits", 10, "shuffle link and band keys in 2^N groups: about log2(articles·1500/1e6) keeps a group near a million keys")
)

func main() {
	flag.Parse()
	beam.Init()
	if *input == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "quotetrace-beam: --input and --output are required")
		flag.Usage()
		os.Exit(2)
	}
	o := analysis.Options()
	set := qtbeam.Settings{
		Analysis: o.Analysis, ShingleSize: o.ShingleSize, SeedSize: o.SeedSize, Threshold: o.Threshold, MinWords: o.MinWords,
		KeyBucketBits: *bucketBits,
	}
	p, s := beam.NewPipelineWithRoot()
	report, err := qtbeam.Report(s, *input, set)
	if err != nil {
		fmt.Fprintf(os.Stderr, "quotetrace-beam: %v\n", err)
		os.Exit(2)
	}
	textio.Write(s, *output, report)
	if err := beamx.Run(context.Background(), p); err != nil {
		fmt.Fprintf(os.Stderr, "quotetrace-beam: %v\n", err)
		os.Exit(1)
	}
}
