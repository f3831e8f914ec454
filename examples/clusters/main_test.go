package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunReadsSeedsByDefault(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(filepath.Join("..", "..")))
	t.Cleanup(func() { _ = os.Chdir(wd) })

	out := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(out)
	require.NoError(t, err)
	stdout := os.Stdout
	os.Stdout = f
	err = run("", true)
	os.Stdout = stdout
	require.NoError(t, err)
	require.NoError(t, f.Close())
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"speaker": "Seth Waxman (Wilmer Hale)"`)
}

func TestRunReportsBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\"id\":\"a\",\"text\":\"x\"}\n{oops\n"), 0o644))
	err := run(bad, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.jsonl:2")

	dup := filepath.Join(dir, "dup.jsonl")
	require.NoError(t, os.WriteFile(dup, []byte("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n"), 0o644))
	err = run(dup, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"a"`)

	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(dir))
	t.Cleanup(func() { _ = os.Chdir(wd) })
	assert.ErrorContains(t, run("", false), "testdata/seeds not found")
}
