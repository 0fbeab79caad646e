import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] src/main/nn/typo.nn:4:20: error: unknown layer 'batchnrom'") : 'javac-style, at the span'
assert log.contains("did you mean 'batchnorm'?")
assert log.contains("[ERROR] src/main/nn/typo.nn:5:13: error: unknown train setting 'epoch'")
assert log.contains('nnc: 2 model files in') && log.contains('2 errors, 0 warnings')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/generated-resources/nnc').exists() : 'validate failed: nothing generated'

def sarif = new JsonSlurper().parse(new File(basedir, 'target/nnc/nnc.sarif'))
def results = sarif.runs[0].results
assert results.size() == 2
def r = results[0]
assert r.ruleId == 'unknown-layer' && r.level == 'error'
def loc = r.locations[0].physicalLocation
assert loc.artifactLocation.uri.endsWith('src/main/nn/typo.nn') && loc.artifactLocation.uriBaseId == 'SRCROOT'
assert !loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.startsWith('file:')
assert loc.region == [startLine: 4, startColumn: 20, endLine: 4, endColumn: 29]
assert r.fixes[0].artifactChanges[0].replacements[0].insertedContent.text == 'batchnorm'
assert sarif.runs[0].tool.driver.rules*.id == ['unknown-layer', 'unknown-setting']
return true
