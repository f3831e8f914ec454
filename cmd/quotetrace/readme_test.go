package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

const readme = "../../README.md"

// shellLines returns the lines of the README's ```sh blocks, without
// comments, that start with prefix.
func shellLines(t *testing.T, prefix string) []string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	require.NoError(t, err)
	var out []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			in = line == "```sh"
		case in && strings.HasPrefix(line, prefix):
			if at := strings.Index(line, " #"); at >= 0 {
				line = line[:at]
			}
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// jsonl writes docs as JSONL, with a broken line after the first when
// broken is set.
func jsonl(t *testing.T, path string, docs []dedupe.Document, broken bool) {
	t.Helper()
	var b bytes.Buffer
	for i, d := range docs {
		line, err := json.Marshal(map[string]string{"id": d.ID, "text": d.Text, "published": dedupe.FormatTime(d.Published)})
		require.NoError(t, err)
		b.Write(append(line, '\n'))
		if broken && i == 0 {
			b.WriteString(`{"id": "cut off", "text": "` + "\n")
		}
	}
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
}

// The command-line examples of the README, run as written, in order, in a
// directory holding the files they name: each exits 0 and prints what it
// should.
func TestReadmeExamples(t *testing.T) {
	cmds := shellLines(t, "quotetrace ")
	require.GreaterOrEqual(t, len(cmds), 12, "the README's examples: %q", cmds)

	dir := t.TempDir()
	seeds, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	put := func(sub string, docs ...dedupe.Document) {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o755))
		for _, d := range docs {
			require.NoError(t, os.WriteFile(filepath.Join(dir, sub, d.ID), []byte(d.Text), 0o644))
		}
	}
	put("articles", seeds[:3]...)
	put("lemonde", seeds...)
	put("archive/2017", seeds[:3]...)
	story := seeds[4]
	story.ID = "story.txt"
	put("tomorrow", story)
	jsonl(t, filepath.Join(dir, "wire.jsonl"), seeds[3:], false)
	jsonl(t, filepath.Join(dir, "today.jsonl"), seeds[3:4], false)
	jsonl(t, filepath.Join(dir, "feed.jsonl"), seeds, true)

	added := regexp.MustCompile(`^added \d+, replaced 0 documents to news.qta\n$`)
	for _, line := range cmds {
		t.Run(line, func(t *testing.T) {
			cmd := exec.Command("sh", "-c", line)
			cmd.Dir, cmd.Env = dir, cmdEnv()
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), stderr.String())
			out := stdout.Bytes()
			if at := strings.Index(line, " > "); at >= 0 {
				assert.Empty(t, out, "the result goes to the file")
				out, err = os.ReadFile(filepath.Join(dir, strings.TrimSpace(line[at+3:])))
				require.NoError(t, err)
			}
			require.NotEmpty(t, out)
			switch {
			case strings.Contains(line, "--format json"):
				assert.True(t, json.Valid(out), "JSON: %.200s", out)
			case strings.Contains(line, "index add"):
				assert.Regexp(t, added, string(out))
			case strings.Contains(line, "index stats"):
				assert.Contains(t, string(out), "documents")
			case strings.Contains(line, "index query"):
				assert.Contains(t, string(out), "story.txt: ")
			case strings.Contains(line, "--help"):
				assert.Contains(t, string(out), "Usage:")
			case strings.Contains(line, "--format html"):
				// The same report as JSON, to hold the page's data against.
				as := strings.Replace(line, "--format html", "--format json", 1)
				if at := strings.Index(as, " > "); at >= 0 {
					as = as[:at]
				}
				cmd := exec.Command("sh", "-c", as)
				cmd.Dir, cmd.Env = dir, cmdEnv()
				js, err := cmd.Output()
				require.NoError(t, err, as)
				htmlPageOf(t, string(out), js)
			default:
				assert.Contains(t, string(out), "quotation")
			}
			if strings.Contains(line, "--skip-bad") {
				assert.Contains(t, stderr.String(), "quotetrace: left out feed.jsonl:2: not valid JSON")
				var rep dedupe.Report
				require.NoError(t, json.Unmarshal(out, &rep))
				assert.Len(t, rep.Documents, len(seeds))
				assert.Contains(t, rep.Notes, "feed.jsonl: 1 bad line left out (--skip-bad), each named on standard error")
			}
		})
	}
}

// cmdEnv is the environment a README example runs in: the binary under test
// first on PATH.
func cmdEnv() []string {
	return append(os.Environ(), "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// htmlPageOf checks that page is one HTML document whose data block holds
// the report given as JSON: its documents and its clusters, in order.
func htmlPageOf(t *testing.T, page string, reportJSON []byte) {
	t.Helper()
	var want dedupe.Report
	require.NoError(t, json.Unmarshal(reportJSON, &want))
	require.NotEmpty(t, want.Clusters, "the example's articles share passages")
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"), "the page starts as HTML: %.100q", page)
	assert.True(t, strings.HasSuffix(strings.TrimSpace(page), "</html>"), "the page ends as HTML: %q", page[max(0, len(page)-100):])
	assert.Equal(t, 1, strings.Count(strings.ToLower(page), "<!doctype"), "one document")
	blocks := regexp.MustCompile(`(?s)<script type="application/json" id="qt-data">(.*?)</script>`).FindAllStringSubmatch(page, -1)
	require.Equal(t, 1, len(blocks), "the page has one data block")
	var got struct {
		Documents []struct {
			ID string `json:"id"`
		} `json:"documents"`
		Clusters []struct {
			Text    string `json:"text"`
			Speaker string `json:"speaker"`
		} `json:"clusters"`
	}
	require.NoError(t, json.Unmarshal([]byte(blocks[0][1]), &got))
	var wantDocs, gotDocs, wantClusters, gotClusters []string
	for _, d := range want.Documents {
		wantDocs = append(wantDocs, d.ID)
	}
	for _, d := range got.Documents {
		gotDocs = append(gotDocs, d.ID)
	}
	for _, c := range want.Clusters {
		wantClusters = append(wantClusters, c.Speaker+": "+c.Text)
	}
	for _, c := range got.Clusters {
		gotClusters = append(gotClusters, c.Speaker+": "+c.Text)
	}
	assert.Equal(t, wantDocs, gotDocs, "the page lists the report's documents")
	assert.Equal(t, wantClusters, gotClusters, "the page holds the report's clusters")
}

// The README's install commands work as written, from a clone (the module
// is not published: "go install …@latest" fails).
func TestReadmeInstall(t *testing.T) {
	installs := shellLines(t, "go install ")
	require.NotEmpty(t, installs, "the README says how to install")
	for _, line := range installs {
		t.Run(line, func(t *testing.T) {
			bin := t.TempDir()
			cmd := exec.Command("sh", "-c", line)
			cmd.Dir = "../.."
			cmd.Env = append(os.Environ(), "GOBIN="+bin)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", out)
			r, err := exec.Command(filepath.Join(bin, "quotetrace"), "--help").Output()
			require.NoError(t, err)
			assert.Contains(t, string(r), "Usage:")
		})
	}
}
