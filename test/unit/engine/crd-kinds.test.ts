import { definedByDesiredCrd } from '../../../lib/engine/crd-kinds';
import { Manifest } from '../../../lib/model/object';

const crd = (spec: object, apiVersion = 'apiextensions.k8s.io/v1'): Manifest =>
  ({ apiVersion, kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec }) as Manifest;
const widgets = (versions: object[]) => crd({ group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions });

describe('a kind the server does not serve yet, defined by a CRD among the desired objects', () => {
  it('is defined when the CRD has its group, its kind and a served version of its apiVersion', () => {
    expect(definedByDesiredCrd('example.com/v1', 'Widget', [widgets([{ name: 'v1', served: true, storage: true }])])).toBe(true);
    expect(definedByDesiredCrd('example.com/v1beta1', 'Widget', [widgets([{ name: 'v1', served: true }, { name: 'v1beta1', served: true }])])).toBe(true);
  });

  it('is not defined by a version the CRD does not serve, or does not have', () => {
    expect(definedByDesiredCrd('example.com/v1', 'Widget', [widgets([{ name: 'v1', served: false, storage: true }])])).toBe(false);
    expect(definedByDesiredCrd('example.com/v2', 'Widget', [widgets([{ name: 'v1', served: true }])])).toBe(false);
  });

  it('is not defined by a CRD of another group or kind, by another kind of object, or for a core kind', () => {
    const v1 = [{ name: 'v1', served: true }];
    expect(definedByDesiredCrd('other.example.com/v1', 'Widget', [widgets(v1)])).toBe(false);
    expect(definedByDesiredCrd('example.com/v1', 'Gadget', [widgets(v1)])).toBe(false);
    expect(definedByDesiredCrd('example.com/v1', 'Widget', [{ ...widgets(v1), apiVersion: 'example.com/v1', kind: 'Widget' } as Manifest])).toBe(false);
    expect(definedByDesiredCrd('v1', 'Widget', [widgets(v1)])).toBe(false);
    expect(definedByDesiredCrd('example.com/v1', 'Widget', [])).toBe(false);
  });

  it('accepts the single version of an apiextensions.k8s.io/v1beta1 CRD', () => {
    const old = crd({ group: 'example.com', version: 'v1alpha1', names: { kind: 'Widget' } }, 'apiextensions.k8s.io/v1beta1');
    expect(definedByDesiredCrd('example.com/v1alpha1', 'Widget', [old])).toBe(true);
  });
});
