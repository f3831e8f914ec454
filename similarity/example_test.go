package similarity_test

import (
	"fmt"

	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

func set(text string) []uint64 {
	a := shingle.New()
	return similarity.SortUnique(shingle.AppendHashes(nil, a.AppendTokens(nil, text), 3, 0))
}

func ExampleJaccard() {
	a := set("the interests of pursuing that investigation outweigh the important First Amendment rights")
	b := set("the interests of the investigation outweigh the First Amendment rights")
	fmt.Printf("jaccard %.2f, containment of b in a %.2f\n", similarity.Jaccard(a, b), similarity.Containment(b, a))
	// Output: jaccard 0.20, containment of b in a 0.38
}

func ExampleSigner_Sign() {
	signer, err := similarity.NewSigner(similarity.MinHashOptions{Seed: 1})
	if err != nil {
		panic(err)
	}
	a := signer.Sign(nil, set("Twitter sued the Trump administration on Thursday over a summons"))
	b := signer.Sign(nil, set("Twitter sued the Trump administration on Thursday over an order"))
	j, _ := a.Jaccard(b)
	fmt.Printf("estimated jaccard %.2f\n", j)

	data, _ := a.MarshalBinary()
	var back similarity.Signature
	if err := back.UnmarshalBinary(data); err != nil {
		panic(err)
	}
	same, _ := back.Jaccard(a)
	fmt.Printf("%d bytes, round trip %.2f\n", len(data), same)
	// Output:
	// estimated jaccard 0.61
	// 1036 bytes, round trip 1.00
}

func ExampleIndex() {
	signer, _ := similarity.NewSigner(similarity.MinHashOptions{})
	ix, _ := similarity.NewIndex(0.5, signer.Size())
	p := ix.Params()
	fmt.Printf("threshold %.1f: %d bands of %d rows\n", p.Threshold, p.Bands, p.Rows)

	docs := []string{
		"the government must have a strong justification to unmask an anonymous speaker online",
		"a whole bunch of so-called rogue Twitter accounts popped up",
	}
	for id, d := range docs {
		_ = ix.Add(id, signer.Sign(nil, set(d)))
	}
	q := signer.Sign(nil, set("the government must have a strong justification to unmask an anonymous speaker"))
	for _, m := range ix.Query(nil, q) {
		fmt.Printf("doc %d, estimated jaccard %.2f\n", m.ID, m.Similarity)
	}
	// Output:
	// threshold 0.5: 25 bands of 5 rows
	// doc 0, estimated jaccard 0.94
}

func ExampleTFIDF() {
	var tf similarity.TFIDF
	docs := [][]uint32{{1, 2, 3}, {1, 2, 4}, {1, 5, 6}}
	for _, d := range docs {
		tf.Add(d)
	}
	fmt.Printf("%.2f %.2f\n", similarity.Cosine(tf.Vector(docs[0]), tf.Vector(docs[1])), similarity.Cosine(tf.Vector(docs[0]), tf.Vector(docs[2])))
	// Output: 0.48 0.16
}
