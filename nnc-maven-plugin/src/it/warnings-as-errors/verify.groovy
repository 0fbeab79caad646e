import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] src/main/nn/mlp.nn:1:5: error: val 'unused' is never used [failOnWarning]")
assert log.contains('1 error, 0 warnings') && log.contains('BUILD FAILURE')
def results = new JsonSlurper().parse(new File(basedir, 'target/nnc/nnc.sarif')).runs[0].results
assert results*.ruleId == ['unused-val'] && results*.level == ['error']
return true
