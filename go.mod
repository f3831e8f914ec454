module github.com/quotetrace/quotetrace

go 1.26.0

require (
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/kljensen/snowball v0.10.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/text v0.43.0
)

require (
	go.etcd.io/bbolt v1.5.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.45.0 // indirect
)
