import groovy.json.JsonSlurper

// <errors> lists unused-val: that warning fails the build; dropout-before-loss stays a warning.
def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] src/main/nn/mlp.nn:1:5: error: val 'unused' is never used [<errors> lists unused-val]")
assert log.contains("[WARNING] src/main/nn/mlp.nn:5:17: warning: dropout right before softmax")
assert log.contains('1 error, 1 warning') && log.contains('BUILD FAILURE')
def results = new JsonSlurper().parse(new File(basedir, 'target/nnc/nnc.sarif')).runs[0].results
assert results.collect { [it.ruleId, it.level] } as Set == [['unused-val', 'error'], ['dropout-before-loss', 'warning']] as Set
return true
