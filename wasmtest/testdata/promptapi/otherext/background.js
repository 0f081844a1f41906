// Another extension, for TestPromptAPIGuards: it has no code of its own;
// the test runs its tries in this worker.
