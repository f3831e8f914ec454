package htmlreport_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/htmlreport"
)

// requireBrowser is the environment variable that makes a missing browser
// fail the browser tests instead of skipping them; CI sets it.
const requireBrowser = "QUOTETRACE_REQUIRE_BROWSER"

// chromium returns the path of a Chromium or Chrome to drive.
func chromium(t testing.TB) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found on PATH for the browser tests; install it (Debian: apt-get install chromium)"
	if os.Getenv(requireBrowser) != "" {
		t.Fatalf("%s (%s is set)", msg, requireBrowser)
	}
	t.Skip(msg)
	return ""
}

// openPage writes the page of r to a file and opens it in a headless
// Chromium that may reach nothing: it fails the test if the page opens a
// dialog.
func openPage(t *testing.T, r *dedupe.Report, docs []dedupe.Document, opts htmlreport.Options) context.Context {
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, []byte(page(t, r, docs, opts)), 0o644))
	ctx := startBrowser(t, 60*time.Second)
	chromedp.ListenTarget(ctx, func(ev any) {
		if d, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			t.Errorf("the page opened a %s dialog: %q", d.Type, d.Message)
			go chromedp.Run(ctx, cdppage.HandleJavaScriptDialog(false))
		}
	})
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate("file://"+file), chromedp.WaitVisible("#main", chromedp.ByID)))
	return ctx
}

// startBrowser starts a headless Chromium that may reach nothing, for at
// most timeout, with a profile of its own that is removed afterwards.
func startBrowser(t testing.TB, timeout time.Duration) context.Context {
	exe := chromium(t)
	profile, err := os.MkdirTemp("", "quotetrace-chromium-")
	require.NoError(t, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(browser, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelBrowser()
		cancelAlloc() // waits for the browser process to end
		// Its helpers may still be writing the profile for a moment.
		for try := 0; ; try++ {
			err := os.RemoveAll(profile)
			if err == nil || try == 20 {
				assert.NoError(t, err)
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return ctx
}

// visibleClusters returns the ids of the cluster cards shown.
func visibleClusters(t *testing.T, ctx context.Context) []int {
	var ids []string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(
		`Array.from(document.querySelectorAll("#clusters .cluster")).map(e => e.id.replace("cluster-", ""))`, &ids)))
	var out []int
	for _, s := range ids {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		out = append(out, n)
	}
	return out
}

func ids(cs []dedupe.Cluster) []int {
	var out []int
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestBrowserSeedReport(t *testing.T) {
	r, docs := seedReport(t)
	ctx := openPage(t, r, docs, htmlreport.Options{})

	var text string
	require.NoError(t, chromedp.Run(ctx, chromedp.Text("body", &text, chromedp.ByQuery)))
	assert.Contains(t, text, "Seth Waxman")
	assert.Contains(t, text, "Nathan Freed Wessler")
	assert.Equal(t, ids(r.Clusters), visibleClusters(t, ctx), "every cluster, in the report's order")
	origins := 0
	for _, c := range r.Clusters {
		var origin string
		require.NoError(t, chromedp.Run(ctx, chromedp.Text("#cluster-"+strconv.Itoa(c.ID)+" .origin", &origin, chromedp.ByQuery)))
		if c.Origin != "" {
			assert.Contains(t, origin, c.Origin, "cluster %d", c.ID)
			origins++
		} else {
			assert.Contains(t, origin, "unknown", "cluster %d", c.ID)
		}
	}
	require.Positive(t, origins)

	// A name of its own, so runs side by side neither clobber each other's
	// nor write through a file someone else put at a fixed name; it is kept
	// after the test for a person to look at.
	var png []byte
	require.NoError(t, chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)))
	shot, err := os.CreateTemp("", "quotetrace-seeds-report-*.png")
	require.NoError(t, err)
	_, err = shot.Write(png)
	require.NoError(t, errors.Join(err, shot.Close()))
	t.Logf("screenshot of the seed report: %s", shot.Name())

	t.Run("filters", func(t *testing.T) {
		// The kind chosen with the keyboard, as a reader would.
		require.NoError(t, chromedp.Run(ctx, chooseKind("quotation")))
		quotations := r.Filter(dedupe.Filter{Kinds: []dedupe.Kind{dedupe.Quotation}})
		require.Less(t, len(quotations.Clusters), len(r.Clusters))
		assert.Equal(t, ids(quotations.Clusters), visibleClusters(t, ctx), "the page filters as the library does")

		require.NoError(t, chromedp.Run(ctx, chromedp.SendKeys("#f-search", "wessler", chromedp.ByID)))
		var want []int
		for _, c := range quotations.Clusters {
			if strings.Contains(strings.ToLower(c.Speaker+" "+c.Text), "wessler") {
				want = append(want, c.ID)
			}
		}
		require.NotEmpty(t, want)
		require.Less(t, len(want), len(quotations.Clusters))
		assert.Eventually(t, func() bool { return slices.Equal(want, visibleClusters(t, ctx)) }, 5*time.Second, 50*time.Millisecond,
			"the search keeps the quotations of Wessler: want %v", want)

		var count string
		require.NoError(t, chromedp.Run(ctx, chromedp.Text("#count", &count, chromedp.ByID)))
		assert.Contains(t, count, "of "+strconv.Itoa(len(want))+" matching cluster")
		require.NoError(t, chromedp.Run(ctx, search(""), chooseKind("")))
		assert.Equal(t, ids(r.Clusters), visibleClusters(t, ctx))
	})

	t.Run("side by side", func(t *testing.T) {
		// In cluster "But Defendants have not come close ...", whose origin
		// is 002, the scraped copy of 000 lost "But" and the capital.
		k := slices.IndexFunc(r.Clusters, func(c dedupe.Cluster) bool {
			return strings.HasPrefix(c.Text, "But Defendants have not come close")
		})
		require.GreaterOrEqual(t, k, 0)
		c := r.Clusters[k]
		require.Equal(t, "002_1d8b1f4f4203ccee.txt", c.Origin)
		j := slices.IndexFunc(c.Members, func(m dedupe.Member) bool { return m.Doc == "000_e6ca9f015f080cb7.txt" })
		require.GreaterOrEqual(t, j, 0)
		card := "#cluster-" + strconv.Itoa(c.ID)
		button := card + " .timeline > li:nth-child(" + strconv.Itoa(j+1) + ") button.compare"
		var del, ins []string
		var expanded string
		var ok bool
		var n int
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll("`+button+`").length`, &n)))
		require.Equal(t, 1, n, button)
		require.NoError(t, chromedp.Run(ctx,
			chromedp.Focus(button, chromedp.ByQuery), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(card+" .sbs", chromedp.ByQuery),
			chromedp.AttributeValue(button, "aria-expanded", &expanded, &ok, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("`+card+` .sbs del")).map(e => e.textContent)`, &del),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("`+card+` .sbs ins")).map(e => e.textContent)`, &ins)))
		assert.Equal(t, "true", expanded)
		// The legend's own examples come first.
		assert.Equal(t, []string{"struck through", "But", "Defendants"}, del)
		assert.Equal(t, []string{"underlined", "defendants"}, ins)
	})

	t.Run("document view", func(t *testing.T) {
		i := slices.IndexFunc(r.Documents, func(d dedupe.DocumentSummary) bool { return d.ID == "002_1d8b1f4f4203ccee.txt" })
		want := map[string]bool{}
		for _, c := range r.Clusters {
			for _, m := range c.Members {
				if m.Doc == r.Documents[i].ID {
					want[strconv.Itoa(c.ID)] = true
				}
			}
		}
		var got []string
		var article string
		require.NoError(t, chromedp.Run(ctx, goTo("#doc/"+strconv.Itoa(i)),
			chromedp.WaitVisible(".article", chromedp.ByQuery),
			chromedp.Text(".article", &article, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(new Set(Array.from(document.querySelectorAll(".article a.hl")).map(e => e.dataset.cluster)))`, &got)))
		assert.Equal(t, strings.Join(strings.Fields(docs[i].Text), " "), strings.Join(strings.Fields(article), " "), "the article whole")
		gotSet := map[string]bool{}
		for _, g := range got {
			gotSet[g] = true
		}
		assert.Equal(t, want, gotSet, "every cluster the document carries is marked and linked")

		var hash string
		require.NoError(t, chromedp.Run(ctx, chromedp.Click(".article a.hl", chromedp.ByQuery),
			chromedp.WaitVisible("#main .cluster", chromedp.ByQuery),
			chromedp.Evaluate(`location.hash`, &hash)))
		assert.Equal(t, "#cluster/"+got[0], hash)
	})
}

// chooseKind picks a kind in the page's filter as a change of the select.
func chooseKind(kind string) chromedp.Action {
	return chromedp.Evaluate(`(() => { const s = document.getElementById("f-kind"); s.value = `+strconv.Quote(kind)+`; s.dispatchEvent(new Event("change")); })()`, nil)
}

// search sets the page's search field as typing would.
func search(text string) chromedp.Action {
	return chromedp.Evaluate(`(() => { const s = document.getElementById("f-search"); s.value = `+strconv.Quote(text)+`; s.dispatchEvent(new Event("input")); })()`, nil)
}

// goTo shows a view of the page, as following a link within it does.
func goTo(hash string) chromedp.Action {
	return chromedp.Evaluate(`location.hash = `+strconv.Quote(hash), nil)
}

// TestBrowserHostileText walks every view of a report whose article text,
// outlet, id and URL hold markup, and checks that none of it runs or
// becomes an element, and that it is shown as the characters it is.
func TestBrowserHostileText(t *testing.T) {
	docs := hostileDocs()
	r := report(t, docs)
	require.NotEmpty(t, r.Clusters)
	require.NotEmpty(t, r.Duplicates, "the pair view is walked too")
	ctx := openPage(t, r, docs, htmlreport.Options{})
	views := []string{"#clusters", "#cluster/" + strconv.Itoa(r.Clusters[0].ID), "#documents", "#doc/0", "#doc/1", "#pair/0/1"}
	for _, v := range views {
		require.NoError(t, chromedp.Run(ctx, goTo(v), chromedp.WaitReady("#main > *", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll("button.compare").forEach(b => b.click())`, nil)))
		var text string
		var pwned bool
		var foreign int
		require.NoError(t, chromedp.Run(ctx,
			chromedp.Text("body", &text, chromedp.ByQuery),
			chromedp.Evaluate(`window.__pwned !== undefined`, &pwned),
			chromedp.Evaluate(`document.querySelectorAll("img, svg, iframe, object, body script, b, [onerror], [onload], [onmouseover], a[href^=javascript]").length - document.querySelectorAll("body script").length`, &foreign)))
		assert.False(t, pwned, "view %q ran the article's script", v)
		assert.Zero(t, foreign, "view %q made elements of the article's markup", v)
		switch v {
		case "#clusters", "#cluster/" + strconv.Itoa(r.Clusters[0].ID):
			assert.Contains(t, text, `"><img src=x onerror="window.__pwned=1">`, "view %q shows the text as written", v)
			assert.Contains(t, text, `<b onmouseover="window.__pwned=1">Outlet`, "view %q shows the outlet as written", v)
		case "#doc/0", "#pair/0/1":
			assert.Contains(t, text, `<script>window.__pwned`, "view %q shows the text as written", v)
			assert.Contains(t, text, `"><img src=x onerror="window.__pwned=1">`, "view %q shows the text as written", v)
		case "#documents":
			assert.Contains(t, text, `"><svg onload=window.__pwned=1>-0`)
		}
	}
	var links []string
	require.NoError(t, chromedp.Run(ctx, goTo("#doc/1"), chromedp.WaitVisible(".article", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("a[href]")).map(a => a.getAttribute("href")).filter(h => !h.startsWith("#"))`, &links)))
	assert.Empty(t, links, "a javascript: address is shown, not linked")
}

// TestBrowserTextsLeftOut opens a page that holds no document text: the
// note says so in the open, a document view lists its shared passages, and
// a comparison still shows both copies.
func TestBrowserTextsLeftOut(t *testing.T) {
	r, docs := seedReport(t)
	ctx := openPage(t, r, docs, htmlreport.Options{MaxTextBytes: 1})
	var cap string
	require.NoError(t, chromedp.Run(ctx, chromedp.Text("#summary .cap", &cap, chromedp.ByQuery)))
	assert.Contains(t, cap, "the texts of 5 documents are left out")

	i := slices.IndexFunc(r.Documents, func(d dedupe.DocumentSummary) bool { return d.ID == "002_1d8b1f4f4203ccee.txt" })
	var want []string
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			if m.Doc == r.Documents[i].ID {
				want = append(want, strings.Join(strings.Fields(m.Text), " "))
			}
		}
	}
	var got []string
	require.NoError(t, chromedp.Run(ctx, goTo("#doc/"+strconv.Itoa(i)), chromedp.WaitVisible(".passages", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".passages q")).map(q => q.textContent.split(/\s+/).filter(Boolean).join(" "))`, &got)))
	assert.ElementsMatch(t, want, got)

	k := slices.IndexFunc(r.Clusters, func(c dedupe.Cluster) bool { return strings.HasPrefix(c.Text, "But Defendants have not come close") })
	require.GreaterOrEqual(t, k, 0)
	card := "#cluster-" + strconv.Itoa(r.Clusters[k].ID)
	var ins []string
	require.NoError(t, chromedp.Run(ctx, goTo("#cluster/"+strconv.Itoa(r.Clusters[k].ID)), chromedp.WaitVisible(card, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("`+card+` button.compare").forEach(b => b.click())`, nil),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("`+card+` .sbs .copy ins")).map(e => e.textContent)`, &ins)))
	assert.Contains(t, ins, "defendants", "the scraped copy's lower-case word is marked")
}

// TestBrowserMalformedHash: an address whose hash is not a view of the
// page, malformed percent-encoding or the name of an Object property
// included, shows the cluster list, on a change of the hash and on a fresh
// load, and throws no exception that would stop the page's routing.
func TestBrowserMalformedHash(t *testing.T) {
	r, docs := seedReport(t)
	ctx := openPage(t, r, docs, htmlreport.Options{})
	var mu sync.Mutex
	var thrown []string
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*cdpruntime.EventExceptionThrown); ok {
			mu.Lock()
			thrown = append(thrown, e.ExceptionDetails.Error())
			mu.Unlock()
		}
	})
	for _, hash := range []string{"#%E0", "#cluster/%E0%A4%A", "#cluster/constructor", "#cluster/__proto__", "#cluster/toString", "#doc/constructor", "#pair/__proto__/0"} {
		t.Run(hash, func(t *testing.T) {
			// A link within the page first, so the next hash is a change.
			require.NoError(t, chromedp.Run(ctx, goTo("#documents"), chromedp.WaitVisible("#main .doclist", chromedp.ByQuery)))
			require.NoError(t, chromedp.Run(ctx, goTo(hash)))
			assert.Equal(t, ids(r.Clusters), visibleClusters(t, ctx), "on a change of the hash")
			require.NoError(t, chromedp.Run(ctx, chromedp.Reload(), chromedp.WaitReady("#main", chromedp.ByID)))
			var loc string
			require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`location.hash`, &loc)))
			require.Equal(t, hash, loc, "the reload kept the hash")
			assert.Equal(t, ids(r.Clusters), visibleClusters(t, ctx), "on a fresh load")
			mu.Lock()
			assert.Empty(t, thrown, "the page threw")
			thrown = nil
			mu.Unlock()
		})
	}
}
