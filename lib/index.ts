/** berth: Kubernetes infrastructure as code. The library's public API. */
export * from './model';
export * from './constructs';
export { validate, ValidationResult } from './validate';
export { Diagnostic, formatDiagnostic, hasErrors } from './validate/diagnostic';
export { synthManifests, ManifestFiles, SynthOptions } from './synth/manifests';
