package archive

// Seal is seal, for tests that forge headers.
var Seal = seal
