// Two projects: fast unit tests (plain objects, no cluster) and integration tests that talk to the
// real local API server started once per run by test/harness/global-setup.ts.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };
const moduleNameMapper = { '^berth$': '<rootDir>/lib/index.ts' };
// The test cluster's state (etcd's data holds *.snap files) is not part of the code: keep jest out of it.
const modulePathIgnorePatterns = ['<rootDir>/.test-cluster/'];
const common = { transform, moduleNameMapper, modulePathIgnorePatterns, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/harness/integration-setup.ts'],
    },
  ],
};
