// n8n loads the nodes and credentials listed in the "n8n" section of package.json; nothing is exported here.
module.exports = {};
