// Integration tests talk to a real cluster (rollouts, namespace deletion): give each test up to 3 minutes.
// `testTimeout` in a jest project entry is ignored, hence this setup file.
jest.setTimeout(180_000);
