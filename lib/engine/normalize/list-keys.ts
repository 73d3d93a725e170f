/**
 * Lists whose items are identified by key fields (server-side apply's associative lists), by field name.
 * The first candidate set whose fields the item has wins; a key field may be a dotted path into the item.
 * Other lists are compared item by item.
 */
export const LIST_KEYS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  containers: [['name']],
  initContainers: [['name']],
  ephemeralContainers: [['name']],
  volumes: [['name']],
  env: [['name']],
  imagePullSecrets: [['name']],
  volumeMounts: [['mountPath']],
  volumeDevices: [['devicePath']],
  hostAliases: [['ip']],
  // Container ports and Service ports (both keyed with their protocol).
  ports: [['containerPort', 'protocol'], ['port', 'protocol']],
  // By claim name only: the server fills in each template's metadata (creationTimestamp: null) and more.
  volumeClaimTemplates: [['metadata.name']],
  topologySpreadConstraints: [['topologyKey', 'whenUnsatisfiable']],
  conditions: [['type']],
};
