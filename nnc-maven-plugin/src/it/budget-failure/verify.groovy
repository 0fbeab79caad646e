import groovy.json.JsonSlurper

// Big: 64*32+32 + 32*10+10 = 2,410 parameters; Small: 4*2+2 = 10, within the budget.
def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] src/main/nn/big.nn:1:7: error: model 'Big' has 2,410 parameters, over the budget of 1,000 (maxParameters)")
assert !log.contains("model 'Small' has")
assert !log.contains('FLOPs per example, over') : 'within maxFlops'
assert log.contains('BUILD FAILURE')
def results = new JsonSlurper().parse(new File(basedir, 'target/nnc/nnc.sarif')).runs[0].results
assert results*.ruleId == ['budget-parameters']
return true
