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
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
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
