/**
 * Kubeconfig loading as kubectl does it, with no Kubernetes client library (the one we used cost 0.5-0.7 s to
 * import): which files (--kubeconfig; else the $KUBECONFIG list, merged; else ~/.kube/config; else the pod's service
 * account), which context, and from its cluster and user what an HTTPS request needs: CA, client certificate and
 * headers (bearer token, basic auth, impersonation). Token files and exec credential plugins are read again on
 * refresh().
 */
import { spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import type * as https from 'https';
import { homedir } from 'os';
import { delimiter, dirname, join, resolve, sep } from 'path';
import { ClusterError } from './errors';

export interface ConnectionOptions {
  /** Kubeconfig file. Default: $KUBECONFIG, else ~/.kube/config (what kubectl uses). */
  readonly kubeconfig?: string;
  /** Context name. Default: the kubeconfig's current context. */
  readonly context?: string;
}

export interface Connection {
  /** `https://host:port` without a trailing slash. */
  readonly server: string;
  readonly context: string;
  /** CA, client certificate/key and headers (e.g. a bearer token) for node's https. */
  readonly tls: https.RequestOptions;
  /** Reads credentials again (token files, exec plugins); the same options for static ones. */
  refresh(): Promise<https.RequestOptions>;
}

/** Where a pod finds its service account's token and the cluster's CA. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** `serviceAccountDir` is for tests only. */
export async function connect(options: ConnectionOptions = {}, serviceAccountDir = SERVICE_ACCOUNT_DIR): Promise<Connection> {
  const config = load(options, serviceAccountDir);
  const { context, cluster, user } = select(config, options.context);
  const target = clusterOf(cluster);
  // Parallel requests that all get a 401 share one refresh instead of running an exec plugin each.
  let pending: Promise<https.RequestOptions> | undefined;
  const refresh = () => (pending ??= requestOptions(target, user, true).finally(() => (pending = undefined)));
  return { server: target.server, context, tls: await requestOptions(target, user, false), refresh };
}

interface Config {
  /** What was read, for messages: the --kubeconfig file, $KUBECONFIG, ~/.kube/config or the in-cluster config. */
  readonly where: string;
  readonly clusters: Map<string, Entry>;
  readonly users: Map<string, Entry>;
  readonly contexts: Map<string, Entry>;
  currentContext?: string;
}

function load(options: ConnectionOptions, serviceAccountDir: string): Config {
  if (options.kubeconfig) return merge(options.kubeconfig, [options.kubeconfig]);
  const list = (process.env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '');
  if (list.length > 0) {
    const present = list.filter((f) => existsSync(f));
    if (present.length === 0) throw new ClusterError('kubeconfig', `no kubeconfig: none of the files in KUBECONFIG exists (${list.join(delimiter)})`);
    return merge(process.env.KUBECONFIG!, present);
  }
  // $HOME first, as kubectl does (and as tests can set it: os.homedir() may not read the environment).
  const home = join(process.env.HOME || homedir(), '.kube', 'config');
  if (existsSync(home)) return merge(home, [home]);
  if (process.env.KUBERNETES_SERVICE_HOST && process.env.KUBERNETES_SERVICE_PORT) return inCluster(serviceAccountDir);
  throw new ClusterError('kubeconfig', 'no kubeconfig: set KUBECONFIG, pass --kubeconfig FILE, or create ~/.kube/config');
}

/** kubectl's merge of a file list: the first file to define a cluster, user or context name wins, and so for current-context. */
function merge(where: string, files: string[]): Config {
  const config: Config = { where, clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of files) {
    const doc = readKubeconfig(file);
    const source: Source = { label: `kubeconfig ${file}`, dir: dirname(resolve(file)) };
    for (const [list, field] of [['clusters', 'cluster'], ['users', 'user'], ['contexts', 'context']] as const) {
      for (const entry of entries(source, doc, list, field)) if (!config[list].has(entry.name)) config[list].set(entry.name, entry);
    }
    const current = doc['current-context'] ?? '';
    if (typeof current !== 'string') throw new ClusterError('kubeconfig', `${source.label}: current-context: must be a string`);
    if (current !== '') config.currentContext ??= current;
  }
  return config;
}

function readKubeconfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ClusterError('kubeconfig', `cannot read kubeconfig ${file}: ${errorCode(e)}`);
  }
  // Loaded here: only commands that talk to a cluster need it.
  const { parse } = require('yaml') as typeof import('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    // Only the first line: the rest quotes the file, which may hold a token.
    throw new ClusterError('kubeconfig', `kubeconfig ${file}: not valid YAML: ${(e as Error).message.split('\n')[0].replace(/:$/, '')}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc)) throw new ClusterError('kubeconfig', `kubeconfig ${file}: not a kubeconfig (expected a mapping)`);
  return doc;
}

/** The `name`d items of a file's clusters, users or contexts list. */
function entries(source: Source, doc: Record<string, unknown>, list: 'clusters' | 'users' | 'contexts', field: string): Entry[] {
  const items = doc[list] ?? [];
  const fail = (at: string, message: string) => new ClusterError('kubeconfig', `${source.label}: ${at}: ${message}`);
  if (!Array.isArray(items)) throw fail(list, 'must be a list');
  const seen = new Set<string>();
  return items.map((item: unknown, i) => {
    if (!isObject(item) || typeof item.name !== 'string' || item.name === '') throw fail(`${list}[${i}]`, 'needs a name');
    const at = `${list}[${item.name}]`;
    if (seen.has(item.name)) throw fail(at, 'defined twice in the file');
    seen.add(item.name);
    const body = item[field] ?? {};
    if (!isObject(body)) throw fail(`${at}.${field}`, 'must be a mapping');
    return new Entry(source, at, body, item.name);
  });
}

/** The pod's service account, as if it were a kubeconfig. */
function inCluster(dir: string): Config {
  const host = process.env.KUBERNETES_SERVICE_HOST!;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${process.env.KUBERNETES_SERVICE_PORT}`;
  const source: Source = { label: 'in-cluster config', dir };
  const one = (list: string, fields: Record<string, unknown>) => new Map([['in-cluster', new Entry(source, `${list}[in-cluster]`, fields, 'in-cluster')]]);
  return {
    where: 'in-cluster config',
    clusters: one('clusters', { server, 'certificate-authority': join(dir, 'ca.crt') }),
    users: one('users', { tokenFile: join(dir, 'token') }),
    contexts: one('contexts', { cluster: 'in-cluster', user: 'in-cluster' }),
    currentContext: 'in-cluster',
  };
}

function select(config: Config, wanted: string | undefined): { context: string; cluster: Entry; user?: Entry } {
  const known = (map: Map<string, Entry>) => [...map.keys()].join(', ') || 'none';
  if (wanted !== undefined && !config.contexts.has(wanted)) {
    throw new ClusterError('kubeconfig', `kubeconfig has no context "${wanted}" (contexts: ${known(config.contexts)})`);
  }
  const name = wanted ?? config.currentContext;
  if (name === undefined) throw new ClusterError('kubeconfig', `kubeconfig ${config.where} has no current context or cluster (use --context)`);
  const context = config.contexts.get(name);
  if (!context) throw new ClusterError('kubeconfig', `kubeconfig ${config.where}: current-context "${name}" is none of its contexts (contexts: ${known(config.contexts)}; use --context)`);
  const clusterName = context.string('cluster');
  if (clusterName === undefined) throw context.error('cluster', 'missing');
  const cluster = config.clusters.get(clusterName);
  if (!cluster) throw context.error('cluster', `no cluster "${clusterName}" (clusters: ${known(config.clusters)})`);
  const userName = context.string('user'); // none: anonymous
  const user = userName === undefined ? undefined : config.users.get(userName);
  if (userName !== undefined && !user) throw context.error('user', `no user "${userName}" (users: ${known(config.users)})`);
  return { context: name, cluster, user };
}

interface Target {
  readonly server: string;
  /** CA, rejectUnauthorized, servername. */
  readonly tls: https.RequestOptions;
  /** The cluster as exec plugins with provideClusterInfo see it. */
  readonly execInfo: Record<string, unknown>;
}

function clusterOf(cluster: Entry): Target {
  if (cluster.string('proxy-url') !== undefined) {
    throw cluster.error('proxy-url', 'berth does not support connecting through a proxy: it needs direct access to the API server');
  }
  const server = cluster.string('server')?.replace(/\/+$/, '');
  if (!server) throw cluster.error('server', 'missing');
  if (!/^https:\/\/[^/]/i.test(server)) throw cluster.error('server', `${server} is not an https:// URL (berth talks to the API server over TLS only)`);
  const ca = cluster.bytes('certificate-authority');
  const insecure = cluster.flag('insecure-skip-tls-verify');
  const servername = cluster.string('tls-server-name');
  const tls: https.RequestOptions = {};
  if (ca) tls.ca = ca;
  if (insecure) tls.rejectUnauthorized = false;
  if (servername) tls.servername = servername;
  const extension = cluster.list('extensions').find((e) => isObject(e) && e.name === 'client.authentication.k8s.io/exec');
  const execInfo = {
    server,
    ...(ca && { 'certificate-authority-data': ca.toString('base64') }),
    ...(insecure && { 'insecure-skip-tls-verify': true }),
    ...(servername && { 'tls-server-name': servername }),
    ...(isObject(extension) && { config: extension.extension }),
  };
  return { server, tls, execInfo };
}

/** The cluster's TLS options plus the user's credentials, read afresh (`fresh`: exec plugins rerun too). */
async function requestOptions(target: Target, user: Entry | undefined, fresh: boolean): Promise<https.RequestOptions> {
  const headers: Record<string, string | string[]> = {};
  const options: https.RequestOptions = { ...target.tls, headers };
  if (!user) return options;
  const provider = user.part('auth-provider');
  if (provider) throw authProviderError(provider);
  // A token file wins over a token, as in client-go; it is re-read on each refresh (rotated service account tokens).
  let token = user.read('tokenFile')?.toString('utf8').trim() ?? user.string('token');
  const username = user.string('username');
  const password = user.string('password');
  let cert: Buffer | string | undefined = user.bytes('client-certificate');
  let key: Buffer | string | undefined = user.bytes('client-key');
  if (!cert !== !key) throw user.error(cert ? 'client-key' : 'client-certificate', 'missing: client-certificate and client-key go together');
  const exec = user.part('exec');
  const ways = [token && 'token', (username ?? password) !== undefined && 'username/password', exec && 'exec'].filter(Boolean);
  if (ways.length > 1) throw user.error(undefined, `more than one way to authenticate (${ways.join(', ')}); keep one`);
  if (exec) {
    const credential = await execCredential(exec, target, fresh);
    token = credential.token;
    if (credential.cert) [cert, key] = [credential.cert, credential.key];
  }
  if (cert) [options.cert, options.key] = [cert, key];
  if (token) headers.Authorization = `Bearer ${token}`;
  else if ((username ?? password) !== undefined) headers.Authorization = `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
  Object.assign(headers, impersonation(user));
  return options;
}

function impersonation(user: Entry): Record<string, string | string[]> {
  const as = user.string('as');
  const groups = user.strings('as-groups');
  const uid = user.string('as-uid');
  const extra = user.part('as-user-extra');
  if (as === undefined) {
    if (groups.length > 0 || uid !== undefined || extra) throw user.error('as', 'missing: as-groups, as-uid and as-user-extra need a user to impersonate');
    return {};
  }
  const headers: Record<string, string | string[]> = { 'Impersonate-User': as };
  if (groups.length > 0) headers['Impersonate-Group'] = groups;
  if (uid !== undefined) headers['Impersonate-Uid'] = uid;
  for (const k of Object.keys(extra?.fields ?? {})) headers[`Impersonate-Extra-${encodeURIComponent(k)}`] = extra!.strings(k);
  return headers;
}

function authProviderError(provider: Entry): ClusterError {
  const name = provider.string('name') ?? 'unnamed';
  const plugin: Record<string, string> = { gcp: 'gke-gcloud-auth-plugin', azure: 'kubelogin', oidc: 'kubelogin (kubectl oidc-login)' };
  const why = name === 'gcp' || name === 'azure'
    ? `the "${name}" auth-provider plugin was removed from kubectl in 1.26, and berth does not have it either`
    : `berth does not support auth-provider plugins ("${name}"); kubectl 1.26 removed the gcp and azure ones`;
  return provider.error(undefined, `${why}: use an exec credential plugin${plugin[name] ? ` (${plugin[name]})` : ''} instead`);
}

interface Credential {
  readonly token?: string;
  readonly cert?: string;
  readonly key?: string;
  /** ms since the epoch; none: valid until the server says otherwise. */
  readonly expires?: number;
}

const EXEC_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];
/** Exec plugin answers by what was run, for the process (as kubectl does): connections with the same user share one. */
const credentials = new Map<string, Credential>();

async function execCredential(exec: Entry, target: Target, fresh: boolean): Promise<Credential> {
  const apiVersion = exec.string('apiVersion');
  if (!apiVersion || !EXEC_VERSIONS.includes(apiVersion)) {
    throw exec.error('apiVersion', `${apiVersion ?? 'missing'}: berth supports ${EXEC_VERSIONS.join(' and ')}`);
  }
  const command = exec.string('command');
  if (!command) throw exec.error('command', 'missing');
  // Like kubectl: a command with a path separator is a file relative to the kubeconfig; otherwise it is found on PATH.
  const file = command.includes('/') || command.includes(sep) ? resolve(exec.source.dir, command) : command;
  const args = exec.strings('args');
  const env: Record<string, string> = {};
  exec.list('env').forEach((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string' || typeof e.value !== 'string') throw exec.error(`env[${i}]`, 'needs a name and a string value');
    env[e.name] = e.value;
  });
  if (exec.string('interactiveMode') === 'Always') throw exec.error('interactiveMode', 'Always: the plugin needs a terminal, and berth runs it without one');
  const info = { apiVersion, kind: 'ExecCredential', spec: { interactive: false, ...(exec.flag('provideClusterInfo') && { cluster: target.execInfo }) } };
  const key = JSON.stringify([file, args, env, info]);
  const cached = credentials.get(key);
  if (!fresh && cached && (cached.expires === undefined || Date.now() < cached.expires)) return cached;
  const stdout = await runPlugin(exec, command, file, args, { ...process.env, ...env, KUBERNETES_EXEC_INFO: JSON.stringify(info) });
  const credential = parseCredential(exec, command, apiVersion, stdout);
  credentials.set(key, credential);
  return credential;
}

/** Runs the plugin without a terminal; its stderr (prompts, warnings) goes to ours, and its tail into the error if it fails. */
function runPlugin(exec: Entry, command: string, file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const hint = exec.string('installHint')?.trim().replace(/\s*\n\s*/g, ' ');
  const withHint = (message: string) => (hint ? `${message} (${hint})` : message);
  return new Promise((done, fail) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => {
      process.stderr.write(c);
      stderr = (stderr + c.toString('utf8')).slice(-2000);
    });
    child.on('error', (e) => fail(exec.error('command', withHint(`cannot run ${command}: ${errorCode(e)}`))));
    child.on('close', (code, signal) => {
      if (code === 0) return done(Buffer.concat(stdout).toString('utf8'));
      const tail = stderr.trim().split('\n').slice(-3).join(' / ').slice(-500);
      fail(exec.error(undefined, withHint(`${command} failed (${signal ?? `exit code ${code}`})${tail ? `: ${tail}` : ''}`)));
    });
  });
}

/** Never quotes the output: it holds the credential. */
function parseCredential(exec: Entry, command: string, apiVersion: string, stdout: string): Credential {
  const bad = (what: string) => exec.error(undefined, `${command} printed ${what}`);
  let out: unknown;
  try {
    out = JSON.parse(stdout);
  } catch {
    throw bad('no JSON (expected an ExecCredential)');
  }
  if (!isObject(out) || out.kind !== 'ExecCredential' || out.apiVersion !== apiVersion) throw bad(`no ExecCredential of ${apiVersion}`);
  const status = isObject(out.status) ? out.status : {};
  const text = (field: string) => (typeof status[field] === 'string' && status[field] !== '' ? status[field] as string : undefined);
  const token = text('token');
  const cert = text('clientCertificateData');
  const key = text('clientKeyData');
  if (!cert !== !key) throw bad('an ExecCredential with only one of status.clientCertificateData and status.clientKeyData');
  if (!token && !cert) throw bad('an ExecCredential with neither status.token nor status.clientCertificateData');
  const expiry = text('expirationTimestamp');
  const expires = expiry === undefined ? undefined : Date.parse(expiry);
  if (Number.isNaN(expires)) throw bad('an ExecCredential whose status.expirationTimestamp is not a time');
  return { token, cert, key, expires };
}

interface Source {
  /** `kubeconfig FILE`, for messages. */
  readonly label: string;
  /** What relative paths are relative to. */
  readonly dir: string;
}

/**
 * A cluster, user or context (or a part of one, like a user's exec) with the file that defined it: its errors name
 * the file, the entry and the field, and its relative paths resolve against the file's directory.
 */
class Entry {
  constructor(readonly source: Source, readonly at: string, readonly fields: Record<string, unknown>, readonly name: string) {}

  error(field: string | undefined, message: string): ClusterError {
    return new ClusterError('kubeconfig', `${this.source.label}: ${this.at}${field ? `.${field}` : ''}: ${message}`);
  }

  /** A mapping inside this one, such as a user's `exec`. */
  part(field: string): Entry | undefined {
    const v = this.fields[field];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) throw this.error(field, 'must be a mapping');
    return new Entry(this.source, `${this.at}.${field}`, v, this.name);
  }

  /** A string; empty counts as absent. Other types are errors (as in kubectl): `token: 123` must be quoted. */
  string(field: string): string | undefined {
    const v = this.fields[field];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw this.error(field, 'must be a string');
    return v;
  }

  strings(field: string): string[] {
    const v = this.list(field);
    if (v.some((s) => typeof s !== 'string')) throw this.error(field, 'must be a list of strings');
    return v as string[];
  }

  list(field: string): unknown[] {
    const v = this.fields[field] ?? [];
    if (!Array.isArray(v)) throw this.error(field, 'must be a list');
    return v;
  }

  flag(field: string): boolean {
    const v = this.fields[field] ?? false;
    if (typeof v !== 'boolean') throw this.error(field, 'must be true or false');
    return v;
  }

  /** The file a path field names, relative to the kubeconfig's directory. */
  read(field: string): Buffer | undefined {
    const path = this.string(field);
    if (path === undefined) return undefined;
    try {
      return readFileSync(resolve(this.source.dir, path));
    } catch (e) {
      throw this.error(field, `cannot read ${path}: ${errorCode(e)}`);
    }
  }

  /** `<field>-data` (base64, wins as in kubectl), else the file `<field>` names. */
  bytes(field: string): Buffer | undefined {
    const data = this.string(`${field}-data`)?.replace(/\s+/g, '');
    if (data === undefined) return this.read(field);
    if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw this.error(`${field}-data`, 'not valid base64');
    return Buffer.from(data, 'base64');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}
