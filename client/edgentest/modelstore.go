package edgentest

import (
	"maps"
	"slices"
)

// modelsCreated is the creation time of the models the fake starts with.
const modelsCreated = 1708958149

// repoEntry is one repository directory in a model directory.
type repoEntry struct {
	created int64           // when the first of its files arrived, Unix seconds
	files   map[string]bool // the files downloaded from it
}

// modelDirs are the model directories of the endpoints, by kind: the
// repository directories (named as repoDir names them) each holds.
type modelDirs map[string]map[string]*repoEntry

// initialModels returns the directories the fake starts with: each
// endpoint's default model.
func initialModels() modelDirs {
	dirs := modelDirs{}
	for kind, m := range defaultModels {
		dirs[kind] = map[string]*repoEntry{
			repoDir(m.repo): {created: modelsCreated, files: map[string]bool{m.file: true}},
		}
	}
	return dirs
}

// clone returns a deep copy of d.
func (d modelDirs) clone() modelDirs {
	c := modelDirs{}
	for kind, repos := range d {
		c[kind] = map[string]*repoEntry{}
		for name, r := range repos {
			c[kind][name] = &repoEntry{created: r.created, files: maps.Clone(r.files)}
		}
	}
	return c
}

// listedKinds are the directories the real server's models routes look in,
// in order. It never looks in the embeddings directory, so embeddings
// models are not listed, retrieved or deleted.
var listedKinds = []string{kindChat, kindAudio}

// modelsOf returns the model directories as scenario sees them. The caller
// holds s.mu and must not change them (see writableModels).
func (s *store) modelsOf(scenario string) modelDirs {
	if st := s.existingScenario(scenario); st != nil && st.models != nil {
		return st.models
	}
	return s.initial
}

// writableModels returns the model directories of scenario, its own copy
// made on the first change. The caller holds s.mu.
func (s *store) writableModels(scenario string) modelDirs {
	st := s.scenario(scenario)
	if st.models == nil {
		st.models = s.initial.clone()
	}
	return st.models
}

// hasModel reports whether scenario has the model file m for kind.
func (s *store) hasModel(scenario, kind string, m modelFile) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.modelsOf(scenario)[kind][repoDir(m.repo)]
	return r != nil && r.files[m.file]
}

// addModel puts the downloaded file m into scenario's directory of kind.
// The caller holds s.mu.
func (s *store) addModel(scenario, kind string, m modelFile, created int64) {
	repos := s.writableModels(scenario)[kind]
	r := repos[repoDir(m.repo)]
	if r == nil {
		r = &repoEntry{created: created, files: map[string]bool{}}
		repos[repoDir(m.repo)] = r
	}
	r.files[m.file] = true
}

// listModels returns the models scenario has, as the models route lists
// them: the chat directory's, then the audio directory's, each sorted by
// directory name.
func (s *store) listModels(scenario string) []wireModel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []wireModel{}
	dirs := s.modelsOf(scenario)
	for _, kind := range listedKinds {
		for _, dir := range slices.Sorted(maps.Keys(dirs[kind])) {
			out = append(out, describeModel(dir, dirs[kind][dir]))
		}
	}
	return out
}

// findModel returns the model id as scenario has it: the first of the
// listed directories holding its repository directory.
func (s *store) findModel(scenario, id string) (wireModel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kind, dir, ok := s.locate(scenario, id)
	if !ok {
		return wireModel{}, false
	}
	return describeModel(dir, s.modelsOf(scenario)[kind][dir]), true
}

// deleteModel removes the repository directory of model id, with all its
// files, for scenario. It reports false when there is no such model.
func (s *store) deleteModel(scenario, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	kind, dir, ok := s.locate(scenario, id)
	if ok {
		delete(s.writableModels(scenario)[kind], dir)
	}
	return ok
}

// locate finds the directory of model id as the real server searches it.
// The caller holds s.mu.
func (s *store) locate(scenario, id string) (kind, dir string, ok bool) {
	dir, ok = idDir(id)
	if !ok {
		return "", "", false
	}
	dirs := s.modelsOf(scenario)
	for _, kind := range listedKinds {
		if dirs[kind][dir] != nil {
			return kind, dir, true
		}
	}
	return "", "", false
}

// describeModel is the descriptor of a repository directory.
func describeModel(dir string, r *repoEntry) wireModel {
	id, owner := dirModelID(dir)
	return wireModel{ID: id, Created: r.created, Object: "model", OwnedBy: owner}
}
