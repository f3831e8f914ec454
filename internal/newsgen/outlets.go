package newsgen

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Outlet is a news source of a corpus and the boilerplate its articles
// carry. Header and Footer are each in about Config.BoilerplateRate of its
// articles, verbatim, and in no other outlet's.
type Outlet struct {
	// Name is the outlet as Document.Source gives it, e.g. "Daily Ledger".
	Name string
	// Wire marks a news agency: its articles are the wire stories that
	// other outlets republish (Config.WireRate).
	Wire bool
	// Header is the fixed part of the outlet's opening line, around a part
	// that varies: " (Daily Ledger) — " after a city in capitals (a
	// dateline), ", Daily Ledger staff writer" after "By " and one of its
	// writers, or " | Daily Ledger\n\n" after "By " and a writer, followed by
	// a city and a dash.
	Header string
	// Footer closes its articles, after a blank line: one to three
	// paragraphs of copyright, subscription and contact lines. An outlet
	// with photographers follows it with a credit that varies, "Featured
	// image via <name>/Getty Images".
	Footer string
}

// The ways an outlet opens an article.
const (
	dateline   = iota // RIVERTON (Daily Ledger) — First words...
	byline            // By Jane Doe, Daily Ledger staff writer
	bylineCity        // By Jane Doe | Daily Ledger, then RIVERTON — First words...
)

// outlet is an Outlet and what varies in its boilerplate.
type outlet struct {
	Outlet
	style         int
	town          string   // a paper's home town
	cities        []string // datelines in capitals, the first (its home) most often
	writers       []string
	photographers []string // none: no photo credits
}

// Made-up outlet names: agencies, then papers, biggest first. More outlets
// than these are named after a city or a person's name and a paper word.
var (
	agencyNames = []string{"Continental Press", "Global Wire Service", "National News Agency",
		"Meridian Press Association", "United Newswire", "Atlantic News Service",
		"Pacific Press International", "Capitol Wire"}
	paperNames = []string{"Daily Ledger", "Evening Courier", "Morning Sentinel", "Valley Gazette",
		"Metro Tribune", "Coastal Observer", "Capital Dispatch", "Northern Chronicle",
		"Prairie Examiner", "Harbor Beacon", "Lakeside Record", "County Register",
		"Summit Review", "Union Star", "Frontier Journal", "Midland Post", "Southern Herald",
		"Weekly Clarion", "Tri-County Times", "Westside Bulletin", "Heartland Messenger",
		"Independent Mirror", "Citizen Advocate", "Highland News"}
	paperWords = []string{"Herald", "Gazette", "Courier", "Tribune", "Sentinel", "Chronicle",
		"Observer", "Dispatch", "Times", "Record", "Examiner", "Journal", "Register",
		"Beacon", "Star", "Post", "Review", "Press", "Monitor", "Telegraph"}
	towns = []string{"Riverton", "Brookfield", "Millbrook", "Cedar Falls", "Fairhaven",
		"Lakeview", "Ashford", "Pine Ridge", "Oakmont", "Westbury", "Glenwood",
		"Harbor City", "Maplewood", "Stonebridge", "Northfield", "Eastport", "Clearwater",
		"Red Hollow", "Silver Lake", "Bayside", "Kingsbury", "Elmhurst", "Granite Falls",
		"Willow Creek", "Port Ellis", "Dunmore", "Hillcrest", "Meadowbrook", "Fox Run",
		"Carver City"}
	capitals = []string{"WASHINGTON", "NEW YORK", "LONDON", "BRUSSELS", "BEIJING", "MOSCOW",
		"PARIS", "TOKYO", "JERUSALEM", "NEW DELHI", "BERLIN", "MEXICO CITY", "NAIROBI",
		"SYDNEY", "OTTAWA", "GENEVA", "CHICAGO", "LOS ANGELES", "ATLANTA", "HOUSTON"}

	legalLines = []string{
		"This material may not be published, broadcast, rewritten or redistributed.",
		"This material may not be published, broadcast, rewritten, or redistributed without permission.",
		"Reproduction in whole or in part without written permission is prohibited.",
		"No part of this story may be reproduced without the written consent of the publisher.",
	}
	benefits = []string{"unlimited access to local news", "breaking news alerts and award-winning coverage of your community",
		"just 99 cents for the first month", "full access to our coverage of {town}"}
	extraLines = []string{
		"Subscribe to the {name} for {benefit}.",
		"Sign up for the {name} morning newsletter to get the day's top stories in your inbox.",
		"Got a news tip? Email the {name} newsroom at tips@{slug}.com.",
		"Follow the {name} on Facebook and Twitter for the latest updates.",
		"Have something to say about this story? Send a letter to the editor at {slug}.com/letters.",
		"The {name} is an independent, reader-supported newsroom. Become a member today to support local journalism.",
	}
)

// persons are the names fit for a person's first or last name: those with
// a lower-case letter (not "IBM").
var persons = func() []string {
	var out []string
	for _, n := range names {
		if strings.ToUpper(n) != n {
			out = append(out, n)
		}
	}
	return out
}()

// person draws a first and a last name.
func person(rng *rand.Rand) string {
	return persons[rng.IntN(len(persons))] + " " + persons[rng.IntN(len(persons))]
}

// maxOutlets is how many distinct names there are.
var maxOutlets = len(agencyNames) + len(paperNames) + len(towns)*len(paperWords) + len(persons)*len(paperWords)

// paperName is the name of the i-th paper.
func paperName(i int) string {
	if i < len(paperNames) {
		return paperNames[i]
	}
	i -= len(paperNames)
	if i < len(towns)*len(paperWords) {
		return towns[i/len(paperWords)] + " " + paperWords[i%len(paperWords)]
	}
	i -= len(towns) * len(paperWords)
	return persons[i/len(paperWords)] + " County " + paperWords[i%len(paperWords)]
}

// agencies is how many of n outlets are news agencies: a tenth, at least
// one, none when fewer than three outlets leave no two papers to republish
// a wire story.
func agencies(n int) int {
	if n < 1+minRepublish {
		return 0
	}
	return min(max(1, n/10), len(agencyNames))
}

// makeOutlets makes n outlets, agencies first, then papers biggest first,
// with their boilerplate drawn from rng.
func makeOutlets(rng *rand.Rand, n int) []outlet {
	year := strconv.Itoa(epoch.Year())
	out := make([]outlet, n)
	wire := agencies(n)
	for i := range out {
		o := &out[i]
		o.Wire = i < wire
		if o.Wire {
			o.Name = agencyNames[i]
		} else {
			o.Name = paperName(i - wire)
		}
		// Cities: an agency files from capitals, a paper from its town and
		// a few near it.
		if o.Wire {
			o.style = dateline
			o.cities = append([]string(nil), capitals...)
			rng.Shuffle(len(o.cities), func(a, b int) { o.cities[a], o.cities[b] = o.cities[b], o.cities[a] })
		} else {
			o.style = rng.IntN(3)
			o.town = towns[rng.IntN(len(towns))]
			o.cities = append(o.cities, strings.ToUpper(o.town))
			for range 1 + rng.IntN(5) {
				o.cities = append(o.cities, strings.ToUpper(towns[rng.IntN(len(towns))]))
			}
		}
		switch o.style {
		case dateline:
			o.Header = " (" + o.Name + ") — "
		case byline:
			o.Header = ", " + o.Name + " staff writer"
		default:
			o.Header = " | " + o.Name + "\n\n"
		}
		// Bigger outlets have more writers; the first papers are biggest.
		for range 3 + 30/(1+max(0, i-wire)) + rng.IntN(4) {
			o.writers = append(o.writers, person(rng))
		}
		if !o.Wire && rng.IntN(3) == 0 {
			for range 2 + rng.IntN(3) {
				o.photographers = append(o.photographers, person(rng))
			}
		}
		o.Footer = footer(rng, o, year)
	}
	return out
}

// footer draws an outlet's closing paragraphs: a copyright line and, for
// a paper, up to two more lines before or after it.
func footer(rng *rand.Rand, o *outlet, year string) string {
	legal := legalLines[rng.IntN(len(legalLines))]
	var copyright string
	switch rng.IntN(3) {
	case 0:
		copyright = "Copyright " + year + " " + o.Name + ". All rights reserved. " + legal
	case 1:
		copyright = "© " + year + " " + o.Name + ". All rights reserved."
	default:
		copyright = "Copyright " + year + " " + o.Name + ". " + legal
	}
	if o.Wire {
		return "Copyright " + year + " " + o.Name + ". All rights reserved. " + legal
	}
	slug := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(o.Name, " ", ""), "-", ""))
	paras := []string{copyright}
	for _, k := range rng.Perm(len(extraLines))[:rng.IntN(3)] {
		benefit := strings.ReplaceAll(benefits[rng.IntN(len(benefits))], "{town}", o.town)
		line := strings.ReplaceAll(extraLines[k], "{name}", o.Name)
		line = strings.ReplaceAll(strings.ReplaceAll(line, "{slug}", slug), "{benefit}", benefit)
		if rng.IntN(2) == 0 {
			paras = append(paras, line)
		} else {
			paras = append([]string{line}, paras...)
		}
	}
	return strings.Join(paras, "\n\n")
}

// header appends the outlet's opening line, with a city or writer drawn
// from rng.
func (o *outlet) header(b []byte, rng *rand.Rand) []byte {
	city := func() string {
		if len(o.cities) == 1 || rng.IntN(10) < 6 {
			return o.cities[0]
		}
		return o.cities[1+rng.IntN(len(o.cities)-1)]
	}
	switch o.style {
	case dateline:
		b = append(b, city()...)
		return append(b, o.Header...)
	case byline:
		b = append(append(b, "By "...), o.writers[rng.IntN(len(o.writers))]...)
		return append(append(b, o.Header...), "\n\n"...)
	default:
		b = append(append(b, "By "...), o.writers[rng.IntN(len(o.writers))]...)
		b = append(append(b, o.Header...), city()...)
		return append(b, " — "...)
	}
}

// footer appends a blank line, the outlet's footer and, for an outlet with
// photographers, half the time a photo credit.
func (o *outlet) footer(b []byte, rng *rand.Rand) []byte {
	b = append(append(b, "\n\n"...), o.Footer...)
	if len(o.photographers) > 0 && rng.IntN(2) == 0 {
		b = append(b, "\n\nFeatured image via "...)
		b = append(append(b, o.photographers[rng.IntN(len(o.photographers))]...), "/Getty Images"...)
	}
	return b
}
