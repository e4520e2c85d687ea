'use strict'
// An agency's Kafka login, from the client.properties that `./ddrr` writes into a node home
// (docs/operations.md, "Reading an inbox with Kafka's own tools"): Java properties holding a JAAS line.
const fs = require('fs')
const path = require('path')

/** Parses a Java .properties file (comments, `=`/`:`/blank separators, backslash escapes, continued lines). */
function parseProperties(text) {
  const result = {}
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^[ \t\f]+/, '')
    if (line === '' || line[0] === '#' || line[0] === '!') continue
    // A line ending in an odd number of backslashes continues on the next.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i].replace(/^[ \t\f]+/, '')
    }
    let k = 0
    while (k < line.length && !'=: \t\f'.includes(line[k])) k += line[k] === '\\' ? 2 : 1
    const key = unescape(line.slice(0, k))
    let rest = line.slice(k).replace(/^[ \t\f]*/, '')
    if (rest[0] === '=' || rest[0] === ':') rest = rest.slice(1).replace(/^[ \t\f]*/, '')
    result[key] = unescape(rest)
  }
  return result
}

function unescape(s) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16))
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[c] ?? c
  })
}

/** username and password of a JAAS line (`... username="u" password="p";`, `\"` and `\\` escaped). */
function jaasOption(jaas, name) {
  const m = new RegExp(`\\b${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)
  if (!m) throw new Error(`sasl.jaas.config names no ${name}`)
  return m[1].replace(/\\(.)/g, '$1')
}

/** kafkajs settings logging in as the agency of `clientProperties`, trusting only the bus CA. */
function kafkaSettings(clientProperties) {
  const props = parseProperties(fs.readFileSync(clientProperties, 'utf8'))
  const protocol = props['security.protocol'] || 'PLAINTEXT'
  const settings = {
    brokers: (props['bootstrap.servers'] || '').split(',').map(s => s.trim()).filter(Boolean),
    groupId: props['group.id'],
  }
  if (settings.brokers.length === 0) throw new Error(`${clientProperties} has no bootstrap.servers`)
  if (protocol.startsWith('SASL_')) {
    const mechanism = (props['sasl.mechanism'] || '').toLowerCase()
    if (mechanism !== 'scram-sha-512' && mechanism !== 'scram-sha-256' && mechanism !== 'plain') {
      throw new Error(`unsupported sasl.mechanism ${props['sasl.mechanism']}`)
    }
    const jaas = props['sasl.jaas.config'] || ''
    settings.sasl = { mechanism, username: jaasOption(jaas, 'username'), password: jaasOption(jaas, 'password') }
  }
  if (protocol.endsWith('SSL')) {
    const ca = props['ssl.truststore.location']
    if (ca && (props['ssl.truststore.type'] || '').toUpperCase() !== 'PEM') {
      throw new Error(`${clientProperties}: only a PEM trust store (the bus CA's ca.crt) is supported`)
    }
    // The home's ca.crt when the file's absolute path no longer holds (a copied home).
    const home = path.join(path.dirname(clientProperties), 'ca.crt')
    const file = ca && fs.existsSync(ca) ? ca : home
    settings.ssl = { ca: [fs.readFileSync(file)], rejectUnauthorized: true }
  }
  settings.agency = settings.sasl ? settings.sasl.username : undefined
  return settings
}

module.exports = { parseProperties, jaasOption, kafkaSettings }
