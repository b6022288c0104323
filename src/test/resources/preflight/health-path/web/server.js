const express = require('express');
const app = express();

app.get('/ready', (req, res) => res.json({ status: 'ok' }));
app.get('/api/orders/:id', (req, res) => res.json({ id: req.params.id }));

app.listen(8080, '0.0.0.0');
