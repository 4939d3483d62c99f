// geocheck report: paged, sortable tables from the page's JSON block, and a check that every
// map has content. Tables show 100 rows a page; a click on a header sorts by that column
// (numbers by value, text in Chinese collation); "#table=rights&page=2&sort=area_mu&order=desc"
// in the address opens a table at that page and order. Printed, a table holds all its rows.
(function(){
  var PAGE=100;
  var data={};
  try{data=JSON.parse(document.getElementById('geocheck-tables').textContent||'{}');}
  catch(e){console.error('geocheck: table data: '+e);}
  var hash=new URLSearchParams(location.hash.replace(/^#/,''));

  function format(v,c){
    if(v===null||v===undefined)return '';
    if(c.t==='int')return String(v);
    if(typeof v!=='number'||!isFinite(v))return '\u2013';
    var s=Math.abs(v).toFixed(c.p);
    if(!c.plain){var parts=s.split('.');parts[0]=parts[0].replace(/\B(?=(\d{3})+(?!\d))/g,',');s=parts.join('.');}
    return (v<0&&/[1-9]/.test(s)?'-':'')+s;
  }

  function setup(table){
    var spec=data[table.id];if(!spec)return;
    var cols=spec.columns,rows=spec.rows,paths=spec.paths||null;
    var order=rows.map(function(_,i){return i;});
    var page=0,sortCol=-1,asc=true;
    var pager=table.parentNode.querySelector('.pager');
    var heads=table.tHead.rows[0].cells;

    function cell(i,ci){
      var c=cols[ci],v=rows[i][ci],td=document.createElement('td'),number=c.t==='num'||c.t==='int';
      if(number)td.className='num';
      if(c.k&&paths)td.setAttribute('data-json',paths[i]+'.'+c.k);
      if(number){
        if(v!==null)td.setAttribute('data-value',String(v));
        td.textContent=format(v,c);
      }else if(c.t==='badge'&&v){
        td.setAttribute('data-value',v);
        var badge=document.createElement('span');badge.className='badge '+v;badge.textContent=v;td.appendChild(badge);
      }else{
        td.textContent=v===null||v===undefined?'':String(v);
      }
      return td;
    }

    function render(all){
      var pages=Math.max(1,Math.ceil(order.length/PAGE));
      page=Math.min(Math.max(0,page),pages-1);
      var start=all?0:page*PAGE,end=all?order.length:Math.min(order.length,start+PAGE),fragment=document.createDocumentFragment();
      for(var r=start;r<end;r++){
        var i=order[r],tr=document.createElement('tr');tr.setAttribute('data-row',String(i));
        for(var ci=0;ci<cols.length;ci++)tr.appendChild(cell(i,ci));
        fragment.appendChild(tr);
      }
      var body=table.tBodies[0];body.textContent='';body.appendChild(fragment);
      table.setAttribute('data-page',String(page+1));table.setAttribute('data-pages',String(pages));
      table.setAttribute('data-first',String(order.length?start+1:0));table.setAttribute('data-last',String(end));
      if(pager){pager.hidden=pages<2;pager.querySelector('.rows').textContent=(start+1)+'\u2013'+end+' / '+order.length;}
    }

    function value(i,ci){var v=rows[i][ci];return v===null||v===undefined||v===''?null:v;}

    function sort(ci,ascending){
      sortCol=ci;asc=ascending;
      order.sort(function(a,b){
        var x=value(a,ci),y=value(b,ci);
        if(x===null||y===null)return x===y?a-b:(x===null?1:-1);
        var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh');
        return r===0?a-b:(asc?r:-r);
      });
      for(var h=0;h<heads.length;h++)heads[h].classList.remove('asc','desc');
      heads[ci].classList.add(asc?'asc':'desc');
      table.setAttribute('data-sort',cols[ci].n+(asc?'':':desc'));
      page=0;
    }

    Array.prototype.forEach.call(heads,function(th,ci){
      th.addEventListener('click',function(){sort(ci,!(sortCol===ci&&asc));render();});
    });
    if(pager)pager.querySelectorAll('button').forEach(function(button){
      button.addEventListener('click',function(){page+=Number(button.getAttribute('data-step'));render();});
    });
    if(hash.get('table')===table.getAttribute('data-table')){
      var by=hash.get('sort');
      for(var ci=0;by&&ci<cols.length;ci++)if(cols[ci].n===by)sort(ci,hash.get('order')!=='desc');
      var wanted=parseInt(hash.get('page')||'1',10);
      if(wanted>0)page=wanted-1;
    }
    // A printout holds every row, in the order shown.
    window.addEventListener('beforeprint',function(){render(true);});
    window.addEventListener('afterprint',function(){render();});
    render();
  }

  document.querySelectorAll('table.sortable').forEach(setup);

  var maps=document.querySelectorAll('svg.map'),empty=0;
  maps.forEach(function(svg){
    var g=svg.querySelector('g.features');var box=g&&g.getBBox?g.getBBox():null;
    if(!g||!g.childElementCount||!box||box.width<1||box.height<1){
      empty++;svg.setAttribute('data-empty','1');console.error('geocheck: empty map '+svg.id);
    }
  });
  document.body.setAttribute('data-maps',String(maps.length));
  document.body.setAttribute('data-empty-maps',String(empty));
  document.body.setAttribute('data-ready-ms',String(Math.round(performance.now())));
  document.body.setAttribute('data-ready','1');
})();
