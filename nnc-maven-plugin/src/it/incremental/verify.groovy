import groovy.json.JsonSlurper

def out = new File(basedir, 'target/generated-resources/nnc')
long old = 946684800000L
def log = new File(basedir, 'build.log').text
assert log.contains('nnc: 4 model files, 4 compiled, 6 outputs written, 0 deleted') : 'first: a, b, old and the library'
assert log.contains('nnc: 4 model files, 0 compiled, 0 outputs written, 0 deleted') : 'unchanged: nothing compiled'
assert log.contains('nnc: 3 model files, 2 compiled, 2 outputs written, 2 deleted') : 'a and the library again, old gone'

// a imports the changed file: regenerated with the new width; b does not: not rewritten.
assert new File(out, 'a.json').lastModified() > old
assert new JsonSlurper().parse(new File(out, 'a.json')).nodes[1].args.units == 24
assert new File(out, 'b.json').lastModified() == old
assert new File(out, 'b.summary.txt').lastModified() == old
// The deleted model's outputs are gone; they are not in target/classes either if it was never copied later.
assert !new File(out, 'old.json').exists() && !new File(out, 'old.summary.txt').exists()
assert out.list().sort() == ['a.json', 'a.summary.txt', 'b.json', 'b.summary.txt']
return true
