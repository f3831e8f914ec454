module github.com/quotetrace/quotetrace/bench

go 1.24.0

replace github.com/quotetrace/quotetrace => ../

require (
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/dgryski/go-minhash v0.0.0-20170608043002-7fe510aff544
	github.com/ekzhu/minhash-lsh v0.0.0-20171225071031-5c06ee8586a1
	github.com/quotetrace/quotetrace v0.0.0-00010101000000-000000000000
)

require (
	github.com/dgryski/go-metro v0.0.0-20250106013310-edb8663e5e33 // indirect
	github.com/dgryski/go-spooky v0.0.0-20170606183049-ed3d087f40e2 // indirect
	github.com/kljensen/snowball v0.10.0 // indirect
	golang.org/x/text v0.34.0 // indirect
)
